package dev.paved.fake;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** The non-streaming Anthropic {@code message} object. */
final class AnthropicMessageBody {

  private AnthropicMessageBody() {
  }

  static byte[] write(String id, Completion completion, AnthropicUsage usage) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("type", "message");
      g.writeStringField("role", "assistant");
      g.writeStringField("model", completion.model());
      g.writeArrayFieldStart("content");
      g.writeStartObject();
      if (completion.isToolCall()) {
        ToolCall call = completion.toolCall();
        g.writeStringField("type", "tool_use");
        g.writeStringField("id", call.id());
        g.writeStringField("name", call.name());
        g.writeFieldName("input");
        g.writeRawValue(call.argumentsJson());
      } else {
        g.writeStringField("type", "text");
        g.writeStringField("text", completion.pieces().text());
      }
      g.writeEndObject();
      g.writeEndArray();
      g.writeStringField("stop_reason", stopReason(completion));
      g.writeNullField("stop_sequence");
      g.writeFieldName("usage");
      writeUsage(g, usage, completion.outputTokens());
      g.writeEndObject();
    });
  }

  static String stopReason(Completion completion) {
    if (completion.isToolCall()) {
      return "tool_use";
    }
    return completion.truncated() ? "max_tokens" : "end_turn";
  }

  static void writeUsage(JsonGenerator g, AnthropicUsage usage, int outputTokens) throws IOException {
    g.writeStartObject();
    g.writeNumberField("input_tokens", usage.inputTokens());
    g.writeNumberField("cache_creation_input_tokens", usage.cacheCreationInputTokens());
    g.writeNumberField("cache_read_input_tokens", usage.cacheReadInputTokens());
    g.writeObjectFieldStart("cache_creation");
    g.writeNumberField("ephemeral_5m_input_tokens", usage.cacheCreationInputTokens());
    g.writeNumberField("ephemeral_1h_input_tokens", 0);
    g.writeEndObject();
    g.writeNumberField("output_tokens", outputTokens);
    g.writeStringField("service_tier", "standard");
    g.writeEndObject();
  }
}
