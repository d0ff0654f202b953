package dev.paved.fake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Shared Jackson objects and small writing helpers. */
final class Json {

  static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
  static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  /** Writes one JSON value with a streaming generator. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private Json() {
  }

  static byte[] bytes(Writer writer) {
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String string(Writer writer) {
    return new String(bytes(writer), StandardCharsets.UTF_8);
  }

  /** Parses a request body; syntax errors surface as {@link JacksonException}. */
  static JsonNode parse(byte[] body) throws JacksonException {
    try {
      return MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** UTF-8 bytes of {@code text} escaped for use inside a JSON string literal (no quotes). */
  static byte[] escaped(String text) {
    return JsonStringEncoder.getInstance().quoteAsUTF8(text);
  }

  /** {@code "text"} as UTF-8 bytes, quoted and escaped. */
  static byte[] quoted(String text) {
    byte[] inner = escaped(text);
    byte[] out = new byte[inner.length + 2];
    out[0] = '"';
    System.arraycopy(inner, 0, out, 1, inner.length);
    out[out.length - 1] = '"';
    return out;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** The text of a string field, or null when it is absent or not a string. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }
}
