package dev.paved.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/embeddings}: input is a string, an array of strings, a token array or an array
 * of token arrays. Prompt tokens: words per string input (at least 1 each), length per token array.
 */
final class Embeddings {

  private record Input(long hash, int tokens) {
  }

  private Embeddings() {
  }

  static Reply reply(JsonNode request, int defaultDims) {
    String model = Json.text(request, "model");
    if (model == null || model.isEmpty()) {
      throw new InvalidRequestException("you must provide a model parameter", "model");
    }
    List<Input> inputs = inputs(request.get("input"));
    int dims = dimensions(request.get("dimensions"), defaultDims);
    String format = request.path("encoding_format").asText("float");
    boolean base64 = switch (format) {
      case "float" -> false;
      case "base64" -> true;
      default -> throw new InvalidRequestException("encoding_format must be 'float' or 'base64'", "encoding_format");
    };
    int promptTokens = inputs.stream().mapToInt(Input::tokens).sum();
    return JsonReply.ok(Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("object", "list");
      g.writeArrayFieldStart("data");
      for (int i = 0; i < inputs.size(); i++) {
        float[] vector = EmbeddingVectors.vector(inputs.get(i).hash(), dims);
        g.writeStartObject();
        g.writeStringField("object", "embedding");
        g.writeNumberField("index", i);
        g.writeFieldName("embedding");
        if (base64) {
          g.writeString(EmbeddingVectors.base64(vector));
        } else {
          g.writeStartArray();
          for (float value : vector) {
            g.writeNumber(value);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("model", model);
      g.writeObjectFieldStart("usage");
      g.writeNumberField("prompt_tokens", promptTokens);
      g.writeNumberField("total_tokens", promptTokens);
      g.writeEndObject();
      g.writeEndObject();
    }));
  }

  private static int dimensions(JsonNode value, int defaultDims) {
    if (value == null || value.isNull()) {
      return defaultDims;
    }
    if (!value.isIntegralNumber() || value.intValue() < 1 || value.intValue() > FakeOptions.MAX_EMBEDDING_DIMS) {
      throw new InvalidRequestException("dimensions must be an integer 1.." + FakeOptions.MAX_EMBEDDING_DIMS,
          "dimensions");
    }
    return value.intValue();
  }

  private static List<Input> inputs(JsonNode input) {
    if (input != null && input.isTextual()) {
      return List.of(text(input.textValue()));
    }
    if (input == null || !input.isArray() || input.isEmpty()) {
      throw invalidInput();
    }
    if (input.get(0).isIntegralNumber()) {
      return List.of(tokens(input));
    }
    List<Input> out = new ArrayList<>(input.size());
    for (JsonNode item : input) {
      if (item.isTextual()) {
        out.add(text(item.textValue()));
      } else if (item.isArray() && !item.isEmpty()) {
        out.add(tokens(item));
      } else {
        throw invalidInput();
      }
    }
    return out;
  }

  private static Input text(String text) {
    if (text.isEmpty()) {
      throw new InvalidRequestException("input must not be an empty string", "input");
    }
    return new Input(EmbeddingVectors.hash(text), Math.max(1, PromptWords.count(text)));
  }

  private static Input tokens(JsonNode array) {
    int[] tokens = new int[array.size()];
    for (int i = 0; i < tokens.length; i++) {
      JsonNode token = array.get(i);
      if (!token.isIntegralNumber() || !token.canConvertToInt()) {
        throw invalidInput();
      }
      tokens[i] = token.intValue();
    }
    return new Input(EmbeddingVectors.hash(tokens), tokens.length);
  }

  private static InvalidRequestException invalidInput() {
    return new InvalidRequestException(
        "input must be a non-empty string, an array of strings, a token array or an array of token arrays", "input");
  }
}
