package dev.xacct.secrets.testkit.internal.iam;

import java.util.List;
import java.util.Objects;

/**
 * One parsed policy statement.
 *
 * @param sid the Sid, or {@code null}
 * @param effect Allow or Deny
 * @param principal the Principal or NotPrincipal element, {@code null} if the statement has neither
 * @param notPrincipal whether {@code principal} came from NotPrincipal
 * @param actions the Action or NotAction patterns
 * @param notAction whether {@code actions} came from NotAction
 * @param resources the Resource or NotResource patterns, {@code null} when both are absent (every resource)
 * @param notResource whether {@code resources} came from NotResource
 * @param conditions the key tests of the Condition element, all of which must hold
 */
public record Statement(String sid, Effect effect, Principals principal, boolean notPrincipal, List<String> actions,
        boolean notAction, List<String> resources, boolean notResource, List<Condition> conditions) {

    /** A statement's Effect; AWS spells it exactly {@code Allow} or {@code Deny}. */
    public enum Effect {
        ALLOW, DENY
    }

    public Statement {
        Objects.requireNonNull(effect, "effect");
        actions = List.copyOf(actions);
        resources = resources == null ? null : List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }
}
