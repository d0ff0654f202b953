package dev.paved.knowledge.parse;

import java.util.Locale;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns Tika's XHTML events into plain text that keeps the structure chunking needs: {@code h1}-{@code h6} become
 * {@code #}-prefixed lines, block elements (paragraphs, list items, table rows, pages) end with a blank line, cells
 * are separated by tabs, and everything in {@code script}, {@code style} and the document head is dropped.
 */
final class StructuredTextHandler extends DefaultHandler {

    private final StringBuilder out = new StringBuilder();
    private final int maxChars;
    private int skipDepth;
    private String firstHeading;
    private StringBuilder heading;
    private boolean truncated;

    StructuredTextHandler(int maxChars) {
        this.maxChars = maxChars;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        String name = name(localName, qName);
        if (skipDepth > 0 || name.equals("script") || name.equals("style") || name.equals("head")) {
            skipDepth++;
            return;
        }
        if (isHeading(name)) {
            blockBreak();
            out.append("#".repeat(name.charAt(1) - '0')).append(' ');
            heading = new StringBuilder();
        } else if (name.equals("li")) {
            lineBreak();
            out.append("- ");
        } else if (name.equals("br")) {
            out.append('\n');
        } else if (name.equals("td") || name.equals("th")) {
            if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
                out.append('\t');
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = name(localName, qName);
        if (skipDepth > 0) {
            skipDepth--;
            return;
        }
        if (isHeading(name)) {
            if (firstHeading == null && heading != null && !heading.toString().isBlank()) {
                firstHeading = heading.toString().strip();
            }
            heading = null;
            blockBreak();
        } else if (switch (name) {
            case "p", "div", "ul", "ol", "table", "blockquote", "pre", "section", "article" -> true;
            default -> false;
        }) {
            blockBreak();
        } else if (name.equals("tr") || name.equals("li")) {
            lineBreak();
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (skipDepth > 0) {
            return;
        }
        if (!out.isEmpty() && out.charAt(out.length() - 1) == '\n' && new String(ch, start, length).isBlank()) {
            return; // Tika's own line ends after block elements: breaks are already there
        }
        if (out.length() + length > maxChars) {
            truncated = true;
            length = Math.max(0, maxChars - out.length());
        }
        out.append(ch, start, length);
        if (heading != null) {
            heading.append(ch, start, length);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        characters(ch, start, length);
    }

    String text() {
        return out.toString().replaceAll("[ \\t\\x0B\\f\\r]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    String firstHeading() {
        return firstHeading;
    }

    boolean truncated() {
        return truncated;
    }

    private void blockBreak() {
        int n = out.length();
        if (n == 0 || (n >= 2 && out.charAt(n - 1) == '\n' && out.charAt(n - 2) == '\n')) {
            return;
        }
        out.append(out.charAt(n - 1) == '\n' ? "\n" : "\n\n");
    }

    private void lineBreak() {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private static boolean isHeading(String name) {
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6';
    }

    private static String name(String localName, String qName) {
        return (localName == null || localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
    }
}
