package dev.xacct.secrets.internal;

/**
 * Input quoted in an error message: at most {@value #MAX_CHARS} characters, in single quotes, with control and
 * non-ASCII characters escaped, so that a message stays short and cannot forge a log line, whatever was passed.
 */
public final class Quoted {

    /** The most characters of the input a message shows. */
    public static final int MAX_CHARS = 120;

    private Quoted() {}

    /** {@code text} quoted: {@code 'abc'}, {@code 'a\nb'}, {@code 'abc…' (5000 characters)}, or {@code null}. */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        int shown = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(shown + 24).append('\'');
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('\'');
        if (text.length() > shown) {
            out.insert(out.length() - 1, "…").append(" (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
