package dev.paved.knowledge.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.SAXException;

/**
 * Extracts text from files with Apache Tika (PDF, DOCX and other Office formats, HTML; Markdown and plain text are
 * read as UTF-8 as they are, since their own syntax already carries the structure). Thread-safe.
 */
public final class DocumentParser {

    /** Most characters kept from one document (about 10 MB of text). */
    public static final int DEFAULT_MAX_CHARS = 10_000_000;

    private static final Set<String> PLAIN = Set.of("text/plain", "text/markdown", "text/x-web-markdown", "text/x-markdown");

    private final AutoDetectParser tika = new AutoDetectParser();
    private final int maxChars;

    public DocumentParser() {
        this(DEFAULT_MAX_CHARS);
    }

    public DocumentParser(int maxChars) {
        this.maxChars = maxChars;
    }

    /** The media type Tika detects from the bytes and the file name (which may be null). */
    public String detect(byte[] bytes, String fileName) {
        Metadata md = new Metadata();
        if (fileName != null) {
            md.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return tika.getDetector().detect(org.apache.tika.io.TikaInputStream.get(in), md).getBaseType().toString();
        } catch (IOException e) {
            throw new ParseException("could not read the file: " + e.getMessage(), e);
        }
    }

    /**
     * Parses one file.
     *
     * @param fileName the original file name, used to detect the type (may be null)
     * @throws ParseException when the type is not supported, the file is corrupt or encrypted, or it has no text
     */
    public ParsedDocument parse(byte[] bytes, String fileName) {
        if (bytes.length == 0) {
            throw new ParseException("the file is empty");
        }
        String type = detect(bytes, fileName);
        if (PLAIN.contains(type) || (type.startsWith("text/") && !type.equals("text/html") && !type.equals("text/xml"))) {
            String text = new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n").strip();
            if (text.length() > maxChars) {
                text = text.substring(0, maxChars);
            }
            return finish(null, firstMarkdownHeading(text), text, type);
        }
        MediaType media = MediaType.parse(type);
        Parser parser = tika.getParsers().get(media);
        if (parser == null && tika.getParsers().keySet().stream().noneMatch(m -> m.getBaseType().equals(media))) {
            throw new ParseException("files of type " + type + " are not supported; send PDF, DOCX, HTML, Markdown or "
                    + "plain text");
        }
        StructuredTextHandler handler = new StructuredTextHandler(maxChars);
        Metadata md = new Metadata();
        if (fileName != null) {
            md.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            tika.parse(in, handler, md, new ParseContext());
        } catch (EncryptedDocumentException e) {
            throw new ParseException("the " + type + " file is encrypted; send an unprotected copy", e);
        } catch (WriteLimitReachedException e) {
            // Keep what fits.
        } catch (TikaException | SAXException | IOException e) {
            throw new ParseException("could not parse the " + type + " file: " + rootMessage(e), e);
        }
        return finish(md.get(TikaCoreProperties.TITLE), handler.firstHeading(), handler.text(), type);
    }

    private static ParsedDocument finish(String metaTitle, String heading, String text, String type) {
        if (text.isBlank()) {
            throw new ParseException("no text could be extracted from the " + type + " file (a scanned PDF needs OCR "
                    + "first)");
        }
        String title = metaTitle != null && !metaTitle.isBlank() ? metaTitle.strip() : heading;
        return new ParsedDocument(title, text, type);
    }

    private static String firstMarkdownHeading(String text) {
        for (String line : text.split("\n", 200)) {
            String l = line.strip();
            if (l.startsWith("#")) {
                String h = l.replaceFirst("^#+\\s*", "").strip();
                if (!h.isEmpty()) {
                    return h;
                }
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.toLowerCase(Locale.ROOT).contains("password")
                ? "it is password-protected" : m;
    }
}
