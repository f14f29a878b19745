package dev.xacct.secrets.spring;

/** The application runs a Spring Boot line the starter does not support. */
public final class UnsupportedSpringBootVersionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param running the running Spring Boot version
     * @param supported the supported lines
     */
    public UnsupportedSpringBootVersionException(String running, String supported) {
        super("xacct-secrets-spring-boot-starter supports Spring Boot " + supported + "; this application runs "
                + "Spring Boot " + running);
    }
}
