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
 * @param start where the statement's opening brace is in the policy text (line and column, from 1), or {@code null}
 * @param end the position just after the statement's closing brace, or {@code null}
 */
public record Statement(
        String sid,
        Effect effect,
        Principals principal,
        boolean notPrincipal,
        List<String> actions,
        boolean notAction,
        List<String> resources,
        boolean notResource,
        List<Condition> conditions,
        Position start,
        Position end) {

    /** A statement's Effect; AWS spells it exactly {@code Allow} or {@code Deny}. */
    public enum Effect {
        ALLOW,
        DENY
    }

    /**
     * A place in a policy's text, as IAM's simulator reports it.
     *
     * @param line the line, from 1
     * @param column the column, from 1
     */
    public record Position(int line, int column) {}

    public Statement {
        Objects.requireNonNull(effect, "effect");
        actions = List.copyOf(actions);
        resources = resources == null ? null : List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    /** This statement with another Principal (or NotPrincipal) element. */
    Statement withPrincipal(Principals newPrincipal) {
        return new Statement(
                sid,
                effect,
                newPrincipal,
                notPrincipal,
                actions,
                notAction,
                resources,
                notResource,
                conditions,
                start,
                end);
    }

    Statement at(Position newStart, Position newEnd) {
        return new Statement(
                sid,
                effect,
                principal,
                notPrincipal,
                actions,
                notAction,
                resources,
                notResource,
                conditions,
                newStart,
                newEnd);
    }
}
