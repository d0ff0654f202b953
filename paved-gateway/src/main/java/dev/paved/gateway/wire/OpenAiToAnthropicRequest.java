package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;

/** Translates an OpenAI Chat Completions request into an Anthropic Messages request. */
final class OpenAiToAnthropicRequest {
    static final int DEFAULT_MAX_TOKENS = 4096;

    private OpenAiToAnthropicRequest() {
    }

    static ObjectNode translate(ObjectNode req, String targetModel) {
        StringBuilder system = new StringBuilder();
        ArrayNode messages = Json.array();
        JsonNode in = req.path("messages");
        for (int i = 0; i < in.size(); i++) {
            message(in.get(i), i, system, messages);
        }
        appendResponseFormat(req.get("response_format"), system);

        ObjectNode out = Json.object();
        out.put("model", targetModel);
        if (!system.isEmpty()) {
            out.put("system", system.toString());
        }
        out.set("messages", messages);
        out.put("max_tokens", maxTokens(req));
        JsonNode temperature = req.get("temperature");
        if (temperature != null && temperature.isNumber()) {
            double t = temperature.doubleValue();
            if (t > 1) {
                out.put("temperature", 1.0);
            } else if (t < 0) {
                out.put("temperature", 0.0);
            } else {
                out.set("temperature", temperature);
            }
        }
        JsonNode topP = req.get("top_p");
        if (topP != null && topP.isNumber()) {
            out.set("top_p", topP);
        }
        ArrayNode stops = stopSequences(req.get("stop"));
        if (stops != null) {
            out.set("stop_sequences", stops);
        }
        JsonNode stream = req.get("stream");
        if (stream != null && stream.isBoolean()) {
            out.set("stream", stream);
        }
        String user = Json.text(req, "user");
        if (user != null && !user.isEmpty()) {
            out.putObject("metadata").put("user_id", user);
        }
        OpenAiToolsToAnthropic.translate(req, out);
        return out;
    }

    private static void message(JsonNode msg, int i, StringBuilder system, ArrayNode messages) {
        String role = Json.text(msg, "role");
        JsonNode content = msg.get("content");
        switch (role == null ? "" : role) {
            case "system", "developer" -> {
                String text = joinedText(content, "messages[" + i + "].content");
                if (!text.isEmpty()) {
                    if (!system.isEmpty()) {
                        system.append("\n\n");
                    }
                    system.append(text);
                }
            }
            case "user" -> add(messages, "user", userContent(content, i));
            case "assistant" -> {
                if (Json.has(msg, "function_call")) {
                    throw PavedException.invalid("messages[" + i + "].function_call is deprecated and cannot be"
                            + " translated; use tool_calls", "messages[" + i + "].function_call");
                }
                boolean hasCalls = msg.path("tool_calls").isArray() && !msg.get("tool_calls").isEmpty();
                if (content != null && content.isTextual() && !content.textValue().isEmpty() && !hasCalls) {
                    add(messages, "assistant", content);
                    return;
                }
                ArrayNode blocks = assistantBlocks(msg, i);
                if (!blocks.isEmpty()) {
                    add(messages, "assistant", blocks);
                }
            }
            case "tool" -> add(messages, "user", Json.array().add(toolResult(msg, i)));
            case "function" -> throw PavedException.invalid("messages[" + i + "]: role 'function' is deprecated and"
                    + " cannot be translated; use role 'tool' with tool_call_id", "messages[" + i + "].role");
            default -> throw PavedException.invalid("messages[" + i + "].role must be one of system, developer, user,"
                    + " assistant, tool", "messages[" + i + "].role");
        }
    }

    /** Appends a message, merging it into the previous one when the role repeats (Anthropic needs alternation). */
    private static void add(ArrayNode messages, String role, JsonNode content) {
        int last = messages.size() - 1;
        if (last >= 0 && role.equals(messages.get(last).path("role").textValue())) {
            ObjectNode prev = (ObjectNode) messages.get(last);
            ArrayNode merged = asBlocks(prev.get("content"));
            merged.addAll(asBlocks(content));
            prev.set("content", merged);
            return;
        }
        ObjectNode m = messages.addObject();
        m.put("role", role);
        m.set("content", content);
    }

    private static ArrayNode asBlocks(JsonNode content) {
        if (content.isArray()) {
            return (ArrayNode) content;
        }
        ArrayNode blocks = Json.array();
        if (!content.textValue().isEmpty()) {
            blocks.add(textBlock(content.textValue()));
        }
        return blocks;
    }

    private static JsonNode userContent(JsonNode content, int i) {
        if (content != null && content.isTextual()) {
            return content;
        }
        if (content == null || !content.isArray()) {
            throw PavedException.invalid("messages[" + i + "].content must be a string or an array of content parts",
                    "messages[" + i + "].content");
        }
        ArrayNode blocks = Json.array();
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String param = "messages[" + i + "].content[" + p + "]";
            String type = Json.text(part, "type");
            switch (type == null ? "" : type) {
                case "text" -> {
                    String text = Json.text(part, "text");
                    if (text != null && !text.isEmpty()) {
                        blocks.add(textBlock(text));
                    }
                }
                case "image_url" -> blocks.add(image(part.get("image_url"), param));
                case "file" -> blocks.add(document(part.get("file"), param));
                case "input_audio" -> throw PavedException.invalid(param + ": audio input is not supported by the"
                        + " target model", param);
                default -> throw PavedException.invalid(param + ".type must be text, image_url or file", param + ".type");
            }
        }
        return blocks;
    }

    private static ObjectNode image(JsonNode imageUrl, String param) {
        String url = imageUrl != null && imageUrl.isTextual() ? imageUrl.textValue() : Json.text(imageUrl, "url");
        if (url == null || url.isEmpty()) {
            throw PavedException.invalid(param + ".image_url.url is required", param + ".image_url.url");
        }
        ObjectNode block = Json.object().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (DataUrl.isDataUrl(url)) {
            DataUrl data = DataUrl.parse(url);
            if (data == null) {
                throw PavedException.invalid(param + ".image_url.url: data URLs must be base64 encoded"
                        + " (data:<type>;base64,<data>)", param + ".image_url.url");
            }
            source.put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
        } else {
            source.put("type", "url").put("url", url);
        }
        return block;
    }

    private static ObjectNode document(JsonNode file, String param) {
        DataUrl data = DataUrl.parse(Json.text(file, "file_data"));
        if (data == null) {
            throw PavedException.invalid(param + ".file: only inline file_data as a base64 data URL is supported by"
                    + " the target model", param + ".file");
        }
        ObjectNode block = Json.object().put("type", "document");
        block.putObject("source").put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
        return block;
    }

    private static ArrayNode assistantBlocks(JsonNode msg, int i) {
        ArrayNode blocks = Json.array();
        JsonNode content = msg.get("content");
        if (content != null && content.isTextual()) {
            if (!content.textValue().isEmpty()) {
                blocks.add(textBlock(content.textValue()));
            }
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                String text = "refusal".equals(Json.text(part, "type")) ? Json.text(part, "refusal") : Json.text(part, "text");
                if (text != null && !text.isEmpty()) {
                    blocks.add(textBlock(text));
                }
            }
        }
        String refusal = Json.text(msg, "refusal");
        if (refusal != null && !refusal.isEmpty() && blocks.isEmpty()) {
            blocks.add(textBlock(refusal));
        }
        JsonNode calls = msg.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int c = 0; c < calls.size(); c++) {
                JsonNode call = calls.get(c);
                String param = "messages[" + i + "].tool_calls[" + c + "]";
                String type = Json.text(call, "type");
                if (type != null && !"function".equals(type)) {
                    throw PavedException.invalid(param + ".type '" + type + "' is not supported by the target model;"
                            + " only function tool calls are", param + ".type");
                }
                JsonNode fn = call.path("function");
                String name = Json.text(fn, "name");
                if (name == null || name.isEmpty()) {
                    throw PavedException.invalid(param + ".function.name is required", param + ".function.name");
                }
                ObjectNode use = blocks.addObject();
                use.put("type", "tool_use");
                use.put("id", WireIds.toolUseId(Json.text(call, "id")));
                use.put("name", name);
                use.set("input", ToolArguments.parse(Json.text(fn, "arguments")));
            }
        }
        return blocks;
    }

    private static ObjectNode toolResult(JsonNode msg, int i) {
        String id = Json.text(msg, "tool_call_id");
        if (id == null || id.isEmpty()) {
            throw PavedException.invalid("messages[" + i + "].tool_call_id is required for role 'tool'",
                    "messages[" + i + "].tool_call_id");
        }
        ObjectNode block = Json.object();
        block.put("type", "tool_result");
        block.put("tool_use_id", WireIds.toolUseId(id));
        JsonNode content = msg.get("content");
        if (content != null && content.isArray()) {
            ArrayNode parts = block.putArray("content");
            for (JsonNode part : content) {
                String text = Json.text(part, "text");
                if (text != null && !text.isEmpty()) {
                    parts.add(textBlock(text));
                }
            }
        } else {
            block.put("content", content != null && content.isTextual() ? content.textValue() : "");
        }
        return block;
    }

    /** The text of a string content or of an array of text parts, parts joined by a newline. */
    private static String joinedText(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw PavedException.invalid(param + " must be a string or an array of text parts", param);
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            String text = Json.text(part, "text");
            if (text != null) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(text);
            }
        }
        return sb.toString();
    }

    private static ObjectNode textBlock(String text) {
        return Json.object().put("type", "text").put("text", text);
    }

    private static long maxTokens(JsonNode req) {
        JsonNode v = req.get("max_completion_tokens");
        if (v == null || !v.isIntegralNumber()) {
            v = req.get("max_tokens");
        }
        return v != null && v.isIntegralNumber() && v.longValue() > 0 ? v.longValue() : DEFAULT_MAX_TOKENS;
    }

    private static ArrayNode stopSequences(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return null;
        }
        ArrayNode out = Json.array();
        if (stop.isTextual()) {
            if (!stop.textValue().isEmpty()) {
                out.add(stop.textValue());
            }
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (s.isTextual() && !s.textValue().isEmpty()) {
                    out.add(s.textValue());
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static void appendResponseFormat(JsonNode format, StringBuilder system) {
        String type = Json.text(format, "type");
        if (type == null || "text".equals(type)) {
            return;
        }
        String instruction = switch (type) {
            case "json_object" -> ResponseFormatInstruction.jsonObject();
            case "json_schema" -> ResponseFormatInstruction.jsonSchema(format.path("json_schema"));
            default -> throw PavedException.invalid("response_format.type must be text, json_object or json_schema",
                    "response_format.type");
        };
        if (!system.isEmpty()) {
            system.append("\n\n");
        }
        system.append(instruction);
    }
}
