package dev.xacct.secrets.spring;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretRef;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secrets {@code spring.config.import} read, and how each read went. Filled when the imports are read (see
 * {@link ImportSession}), then made a bean, which startup verification and the health indicator use.
 */
final class ImportedSecrets {

    /** The name of the promoted singleton. */
    static final String BEAN_NAME = "xacctSecretsImports";

    /**
     * One import.
     *
     * @param secret the secret
     * @param code OK, or why it could not be read
     * @param optional whether the import was {@code optional:}
     */
    record Import(SecretRef secret, DiagnosisCode code, boolean optional) {}

    private final List<Import> imports = new CopyOnWriteArrayList<>();

    void add(SecretRef secret, DiagnosisCode code, boolean optional) {
        imports.add(new Import(secret, code, optional));
    }

    List<Import> all() {
        return List.copyOf(imports);
    }

    /** The secrets that were read: the ones startup verification checks again. */
    List<SecretRef> loaded() {
        return imports.stream()
                .filter(i -> i.code().isOk())
                .map(Import::secret)
                .distinct()
                .toList();
    }

    @Override
    public String toString() {
        return "ImportedSecrets" + imports;
    }
}
