package dev.xacct.secrets.testkit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters of an {@code application/x-www-form-urlencoded} Query-protocol request. */
public final class FormBody {

    private final Map<String, String> params;

    private FormBody(Map<String, String> params) {
        this.params = params;
    }

    /** Parses a form body; later duplicates of a name win. */
    public static FormBody parse(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(name, value);
        }
        return new FormBody(params);
    }

    /** The value of {@code name}, or {@code null}. */
    public String get(String name) {
        return params.get(name);
    }

    /** The members of a Query list, {@code name.member.1}, {@code name.member.2}, … in order. */
    public List<String> list(String name) {
        List<String> values = new ArrayList<>();
        for (int i = 1; params.containsKey(name + ".member." + i); i++) {
            values.add(params.get(name + ".member." + i));
        }
        return values;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
