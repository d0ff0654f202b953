package dev.paved.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code POST /v1/messages}: validates the request and decides the answer. */
final class AnthropicMessages {

  private AnthropicMessages() {
  }

  /** @param scripted the pieces of a scripted answer ({@link ScriptedReplies}), or null for the canned one */
  static Reply reply(JsonNode request, int tokens, PromptCache cache, ScriptedReplies.Scripted scripted) {
    String model = Json.text(request, "model");
    if (model == null || model.isEmpty()) {
      throw new InvalidRequestException("model: Field required", "model");
    }
    JsonNode maxTokens = request.get("max_tokens");
    if (maxTokens == null || !maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt() || maxTokens.intValue() < 1) {
      throw new InvalidRequestException("max_tokens: Field required (a positive integer)", "max_tokens");
    }
    JsonNode messages = request.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new InvalidRequestException("messages: at least one message is required", "messages");
    }
    Completion completion = complete(request, model, tokens, maxTokens.intValue(), scripted);
    AnthropicPrompt prompt = AnthropicPrompt.analyze(request, model);
    PromptCache.Usage cached = cache.account(prompt.breakpoints());
    int input = Math.max(0, prompt.tokens() - cached.creationTokens() - cached.readTokens());
    AnthropicUsage usage = new AnthropicUsage(input, cached.creationTokens(), cached.readTokens());
    String id = Ids.message();
    if (request.path("stream").asBoolean(false)) {
      return new StreamReply(new AnthropicStreamScript(id, completion, usage));
    }
    return JsonReply.ok(AnthropicMessageBody.write(id, completion, usage));
  }

  private static Completion complete(JsonNode request, String model, int tokens, int maxTokens, ScriptedReplies.Scripted script) {
    if (script != null && script.tool() != null) {
      ToolCall call = new ToolCall(Ids.toolUse(), script.tool(), String.join("", script.pieces()));
      return new Completion(model, ContentPieces.of(script.pieces()), call, false);
    }
    List<String> scripted = script == null ? null : script.pieces();
    JsonNode tool = chosenTool(request);
    if (tool != null) {
      String input = SchemaSample.json(tool.get("input_schema"));
      ToolCall call = new ToolCall(Ids.toolUse(), tool.path("name").asText("tool"), input);
      return new Completion(model, ContentPieces.split(input, OpenAiChat.FRAGMENT_CHARS), call, false);
    }
    if (scripted != null) {
      return new Completion(model, ContentPieces.of(scripted.subList(0, Math.min(maxTokens, scripted.size()))), null,
          maxTokens < scripted.size());
    }
    boolean truncated = maxTokens < tokens;
    return new Completion(model, ContentPieces.canned(Math.min(tokens, maxTokens)), null, truncated);
  }

  private static JsonNode chosenTool(JsonNode request) {
    JsonNode tools = request.get("tools");
    if (tools == null || !tools.isArray() || tools.isEmpty()) {
      return null;
    }
    JsonNode choice = request.path("tool_choice");
    String choiceType = Json.text(choice, "type");
    if ("none".equals(choiceType)) {
      return null;
    }
    JsonNode messages = request.get("messages");
    if (endsWithToolResult(messages.get(messages.size() - 1))) {
      return null;
    }
    String wanted = "tool".equals(choiceType) ? Json.text(choice, "name") : null;
    if (wanted == null) {
      return tools.get(0);
    }
    for (JsonNode tool : tools) {
      if (wanted.equals(Json.text(tool, "name"))) {
        return tool;
      }
    }
    throw new InvalidRequestException("tool_choice: tool '" + wanted + "' is not in tools", "tool_choice");
  }

  private static boolean endsWithToolResult(JsonNode message) {
    if (!"user".equals(Json.text(message, "role"))) {
      return false;
    }
    for (JsonNode block : message.path("content")) {
      if ("tool_result".equals(Json.text(block, "type"))) {
        return true;
      }
    }
    return false;
  }
}
