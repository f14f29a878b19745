package dev.xacct.secrets.testkit.fencefixture;

import dev.xacct.secrets.testkit.internal.FormBody;
import java.util.List;
import java.util.function.Supplier;

/** A public type that exposes internal ones, for ApiFenceTest to find. */
public class Leaky {

    /** An internal type as a field. */
    public FormBody field = FormBody.parse("");

    /** Not API: private. */
    private FormBody hidden = FormBody.parse("");

    /** An internal type deep in a type argument. */
    public List<Supplier<? extends FormBody>> nested() {
        return List.of(() -> hidden);
    }

    /** Not API: package-private. */
    FormBody packagePrivate() {
        return hidden;
    }
}
