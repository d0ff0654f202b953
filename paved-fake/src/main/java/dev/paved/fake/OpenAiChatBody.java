package dev.paved.fake;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** The non-streaming {@code chat.completion} object. */
final class OpenAiChatBody {

  static final String FINGERPRINT = "fp_paved_fake";

  private OpenAiChatBody() {
  }

  static byte[] write(String id, long created, Completion completion, int promptTokens) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("object", "chat.completion");
      g.writeNumberField("created", created);
      g.writeStringField("model", completion.model());
      g.writeArrayFieldStart("choices");
      g.writeStartObject();
      g.writeNumberField("index", 0);
      g.writeObjectFieldStart("message");
      g.writeStringField("role", "assistant");
      if (completion.isToolCall()) {
        g.writeNullField("content");
      } else {
        g.writeStringField("content", completion.pieces().text());
      }
      g.writeNullField("refusal");
      if (completion.isToolCall()) {
        ToolCall call = completion.toolCall();
        g.writeArrayFieldStart("tool_calls");
        g.writeStartObject();
        g.writeStringField("id", call.id());
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", call.name());
        g.writeStringField("arguments", call.argumentsJson());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
      }
      g.writeArrayFieldStart("annotations");
      g.writeEndArray();
      g.writeEndObject();
      g.writeNullField("logprobs");
      g.writeStringField("finish_reason", finishReason(completion));
      g.writeEndObject();
      g.writeEndArray();
      g.writeFieldName("usage");
      writeUsage(g, promptTokens, completion.outputTokens());
      g.writeStringField("service_tier", "default");
      g.writeStringField("system_fingerprint", FINGERPRINT);
      g.writeEndObject();
    });
  }

  static String finishReason(Completion completion) {
    if (completion.isToolCall()) {
      return "tool_calls";
    }
    return completion.truncated() ? "length" : "stop";
  }

  static void writeUsage(JsonGenerator g, int promptTokens, int completionTokens) throws IOException {
    g.writeStartObject();
    g.writeNumberField("prompt_tokens", promptTokens);
    g.writeNumberField("completion_tokens", completionTokens);
    g.writeNumberField("total_tokens", promptTokens + completionTokens);
    g.writeObjectFieldStart("prompt_tokens_details");
    g.writeNumberField("cached_tokens", 0);
    g.writeEndObject();
    g.writeObjectFieldStart("completion_tokens_details");
    g.writeNumberField("reasoning_tokens", 0);
    g.writeEndObject();
    g.writeEndObject();
  }
}
