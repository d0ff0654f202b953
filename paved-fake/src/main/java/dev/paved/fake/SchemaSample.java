package dev.paved.fake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Builds the smallest JSON value that satisfies a JSON schema's {@code required} properties:
 * string → "fake", number/integer → 1, boolean → true, array → [] (or {@code minItems} items),
 * object → its required properties, recursively. {@code enum}/{@code const} use their first value;
 * local {@code $ref}s ({@code #/$defs/…}) and {@code anyOf}/{@code oneOf}/{@code allOf} (first
 * branch) are followed.
 */
final class SchemaSample {

  private static final int MAX_DEPTH = 32;

  private SchemaSample() {
  }

  /** JSON text of a sample object for {@code schema}; {@code {}} when there is no schema. */
  static String json(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      return "{}";
    }
    return Json.string(g -> write(g, schema, schema, 0));
  }

  private static void write(JsonGenerator g, JsonNode schema, JsonNode root, int depth) throws IOException {
    if (depth > MAX_DEPTH || schema == null || !schema.isObject()) {
      g.writeString("fake");
      return;
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual()) {
      String pointer = ref.textValue();
      JsonNode target = pointer.startsWith("#") ? root.at(pointer.substring(1)) : null;
      write(g, target == null || target.isMissingNode() ? null : target, root, depth + 1);
      return;
    }
    if (schema.has("const")) {
      g.writeTree(schema.get("const"));
      return;
    }
    JsonNode values = schema.get("enum");
    if (values != null && values.isArray() && !values.isEmpty()) {
      g.writeTree(values.get(0));
      return;
    }
    String type = typeOf(schema);
    if (type == null) {
      JsonNode branch = firstBranch(schema);
      if (branch != null) {
        write(g, branch, root, depth + 1);
        return;
      }
      type = "string";
    }
    switch (type) {
      case "object" -> writeObject(g, schema, root, depth);
      case "array" -> {
        g.writeStartArray();
        int minItems = schema.path("minItems").asInt(0);
        for (int i = 0; i < minItems; i++) {
          write(g, schema.get("items"), root, depth + 1);
        }
        g.writeEndArray();
      }
      case "integer", "number" -> g.writeNumber(1);
      case "boolean" -> g.writeBoolean(true);
      case "null" -> g.writeNull();
      default -> g.writeString("fake");
    }
  }

  private static void writeObject(JsonGenerator g, JsonNode schema, JsonNode root, int depth) throws IOException {
    g.writeStartObject();
    JsonNode required = schema.get("required");
    if (required != null && required.isArray()) {
      JsonNode properties = schema.path("properties");
      for (JsonNode name : required) {
        if (name.isTextual()) {
          g.writeFieldName(name.textValue());
          write(g, properties.get(name.textValue()), root, depth + 1);
        }
      }
    }
    g.writeEndObject();
  }

  private static String typeOf(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isTextual()) {
      return type.textValue();
    }
    if (type != null && type.isArray()) {
      String fallback = null;
      for (JsonNode t : type) {
        if (t.isTextual() && !"null".equals(t.textValue())) {
          return t.textValue();
        }
        fallback = t.asText();
      }
      return fallback;
    }
    if (schema.has("properties") || schema.has("required")) {
      return "object";
    }
    if (schema.has("items")) {
      return "array";
    }
    return null;
  }

  private static JsonNode firstBranch(JsonNode schema) {
    for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
      JsonNode branches = schema.get(combinator);
      if (branches != null && branches.isArray()) {
        for (JsonNode branch : branches) {
          if (!"null".equals(Json.text(branch, "type"))) {
            return branch;
          }
        }
      }
    }
    return null;
  }
}
