package dev.paved.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /v1/chat/completions}: validates the request and decides the answer. */
final class OpenAiChat {

  /** Characters per streamed fragment of JSON output (tool arguments, json_schema answers). */
  static final int FRAGMENT_CHARS = 8;

  private OpenAiChat() {
  }

  /** @param scripted the pieces of a scripted answer ({@link ScriptedReplies}), or null for the canned one */
  static Reply reply(JsonNode request, int tokens, ScriptedReplies.Scripted scripted) {
    String model = Json.text(request, "model");
    if (model == null || model.isEmpty()) {
      throw new InvalidRequestException("you must provide a model parameter", "model");
    }
    JsonNode messages = request.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new InvalidRequestException("messages must be a non-empty array", "messages");
    }
    Completion completion = complete(request, model, tokens, scripted);
    int promptTokens = OpenAiPrompt.tokens(request);
    String id = Ids.chatCompletion();
    long created = System.currentTimeMillis() / 1000;
    if (request.path("stream").asBoolean(false)) {
      boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
      return new StreamReply(new OpenAiStreamScript(id, created, completion, promptTokens, includeUsage));
    }
    return JsonReply.ok(OpenAiChatBody.write(id, created, completion, promptTokens));
  }

  static Completion complete(JsonNode request, String model, int tokens, ScriptedReplies.Scripted script) {
    if (script != null && script.tool() != null) {
      ToolCall call = new ToolCall(Ids.toolCall(), script.tool(), String.join("", script.pieces()));
      return new Completion(model, ContentPieces.of(script.pieces()), call, false);
    }
    List<String> scripted = script == null ? null : script.pieces();
    JsonNode tool = chosenTool(request);
    if (tool != null) {
      JsonNode function = tool.path("function");
      String args = SchemaSample.json(function.get("parameters"));
      ToolCall call = new ToolCall(Ids.toolCall(), function.path("name").asText("tool"), args);
      return new Completion(model, ContentPieces.split(args, FRAGMENT_CHARS), call, false);
    }
    int max = maxTokens(request);
    if (scripted != null) {
      return new Completion(model, ContentPieces.of(scripted.subList(0, Math.min(max, scripted.size()))), null, max < scripted.size());
    }
    boolean truncated = max < tokens;
    int n = Math.min(tokens, max);
    return new Completion(model, content(request.get("response_format"), n), null, truncated);
  }

  /** {@code max_completion_tokens}, else {@code max_tokens}, else unlimited. */
  private static int maxTokens(JsonNode request) {
    for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
      JsonNode value = request.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1) {
        throw new InvalidRequestException(field + " must be a positive integer", field);
      }
      return value.intValue();
    }
    return Integer.MAX_VALUE;
  }

  /** The tool to call, or null for a text answer. */
  private static JsonNode chosenTool(JsonNode request) {
    JsonNode tools = request.get("tools");
    if (tools == null || !tools.isArray() || tools.isEmpty()) {
      return null;
    }
    JsonNode choice = request.get("tool_choice");
    if (choice != null && "none".equals(choice.asText())) {
      return null;
    }
    JsonNode messages = request.get("messages");
    if ("tool".equals(Json.text(messages.get(messages.size() - 1), "role"))) {
      return null;
    }
    String wanted = choice != null && choice.isObject() ? Json.text(choice.path("function"), "name") : null;
    if (wanted == null) {
      return tools.get(0);
    }
    for (JsonNode tool : tools) {
      if (wanted.equals(Json.text(tool.path("function"), "name"))) {
        return tool;
      }
    }
    throw new InvalidRequestException("tool_choice names function '" + wanted + "', which is not in tools",
        "tool_choice");
  }

  private static ContentPieces content(JsonNode responseFormat, int tokens) {
    String type = responseFormat == null ? null : Json.text(responseFormat, "type");
    if ("json_object".equals(type)) {
      return jsonAnswer(tokens);
    }
    if ("json_schema".equals(type)) {
      String json = SchemaSample.json(responseFormat.path("json_schema").get("schema"));
      return ContentPieces.split(json, FRAGMENT_CHARS);
    }
    return ContentPieces.canned(tokens);
  }

  /** {@code {"answer":"lorem ipsum …"}} in {@code tokens} pieces, one word each. */
  private static ContentPieces jsonAnswer(int tokens) {
    if (tokens == 0) {
      return ContentPieces.of(List.of("{\"answer\":\"\"}"));
    }
    List<String> pieces = new ArrayList<>(tokens);
    for (int i = 0; i < tokens; i++) {
      String word = CannedText.WORDS.get(i & 7);
      String piece = i == 0 ? "{\"answer\":\"" + word : " " + word;
      pieces.add(i == tokens - 1 ? piece + "\"}" : piece);
    }
    return ContentPieces.of(pieces);
  }
}
