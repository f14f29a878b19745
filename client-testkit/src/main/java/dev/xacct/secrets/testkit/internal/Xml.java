package dev.xacct.secrets.testkit.internal;

/** A minimal XML writer for the Query-protocol responses of STS and IAM. */
public final class Xml {

    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private final StringBuilder out = new StringBuilder();

    /** Opens an element with an {@code xmlns} attribute. */
    public Xml open(String name, String namespace) {
        out.append('<')
                .append(name)
                .append(" xmlns=\"")
                .append(escape(namespace))
                .append("\">");
        return this;
    }

    /** Opens an element. */
    public Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    /** Closes an element. */
    public Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** Writes {@code <name>text</name>}; writes nothing when {@code text} is {@code null}. */
    public Xml element(String name, Object text) {
        if (text != null) {
            out.append('<')
                    .append(name)
                    .append('>')
                    .append(escape(text.toString()))
                    .append("</")
                    .append(name)
                    .append('>');
        }
        return this;
    }

    /** The elements written so far, without the XML declaration: a fragment to nest in another document. */
    public String body() {
        return out.toString();
    }

    /** The document, with the XML declaration. */
    @Override
    public String toString() {
        return DECLARATION + out;
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
