package dev.xacct.secrets.spring;

import dev.xacct.secrets.SecretValue;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a secret value into properties: a JSON object flattened ({@code a.b}, {@code a[0]}), or the whole value as one
 * property. Error messages name the secret and the import, never the value.
 */
final class SecretProperties {

    private SecretProperties() {}

    /**
     * The properties of {@code value} as {@code resource} asks for them.
     *
     * @throws InvalidSecretImportException if the value does not fit the import (not a JSON object, binary)
     */
    static Map<String, Object> of(SecretValue value, XacctSecretsConfigDataResource resource) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (resource.getProperty() != null) {
            properties.put(
                    resource.getProperty(),
                    value.isString() ? value.asString() : Base64.getEncoder().encodeToString(value.asBytes()));
            return properties;
        }
        if (!value.isString()) {
            throw new InvalidSecretImportException(
                    resource.location(),
                    "secret " + value.arn() + " is binary; add "
                            + "?property=NAME to bind it, Base64-encoded, to one property",
                    null);
        }
        Map<String, Object> json;
        try {
            json = value.asJson();
        } catch (IllegalStateException e) {
            // The message says where the JSON breaks, and never quotes the value.
            throw new InvalidSecretImportException(
                    resource.location(),
                    e.getMessage() + ", so it cannot be flattened "
                            + "into properties; add ?property=NAME to bind the whole value to one property",
                    null);
        }
        String prefix = resource.getPrefix();
        flatten(
                prefix == null ? "" : prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix,
                json,
                properties);
        return properties;
    }

    private static void flatten(String name, Object node, Map<String, Object> properties) {
        if (node instanceof Map<?, ?> object) {
            object.forEach(
                    (key, child) -> flatten(name.isEmpty() ? key.toString() : name + "." + key, child, properties));
        } else if (node instanceof List<?> array) {
            for (int i = 0; i < array.size(); i++) {
                flatten(name + "[" + i + "]", array.get(i), properties);
            }
        } else if (node != null) {
            // JSON null has no property value; leaving it out lets a default (${name:default}) apply.
            properties.put(name, node.toString());
        }
    }
}
