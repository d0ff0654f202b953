package dev.paved.fake;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Prompt tokens of a chat-completions request: whitespace-separated words in every message's
 * text (string content or {@code text} parts), in assistant tool-call arguments, and in each
 * tool's name and description; at least 1.
 */
final class OpenAiPrompt {

  private OpenAiPrompt() {
  }

  static int tokens(JsonNode request) {
    int words = 0;
    for (JsonNode message : request.path("messages")) {
      JsonNode content = message.get("content");
      if (content != null && content.isTextual()) {
        words += PromptWords.count(content.textValue());
      } else if (content != null && content.isArray()) {
        for (JsonNode part : content) {
          words += PromptWords.count(Json.text(part, "text"));
        }
      }
      for (JsonNode call : message.path("tool_calls")) {
        words += PromptWords.count(Json.text(call.path("function"), "arguments"));
      }
    }
    for (JsonNode tool : request.path("tools")) {
      JsonNode function = tool.path("function");
      words += PromptWords.count(Json.text(function, "name"));
      words += PromptWords.count(Json.text(function, "description"));
    }
    return Math.max(1, words);
  }
}
