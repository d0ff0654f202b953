package dev.paved.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.PavedException;

/**
 * Translates an Anthropic Messages request into an OpenAI Chat Completions request. Anthropic-only
 * features with no OpenAI counterpart ({@code cache_control}, {@code thinking}, {@code top_k},
 * thinking blocks) are dropped.
 */
final class AnthropicToOpenAiRequest {
    private AnthropicToOpenAiRequest() {
    }

    static ObjectNode translate(ObjectNode req, String targetModel) {
        ObjectNode out = Json.object();
        out.put("model", targetModel);
        ArrayNode messages = out.putArray("messages");
        String system = systemText(req.get("system"));
        if (!system.isEmpty()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        JsonNode in = req.path("messages");
        for (int i = 0; i < in.size(); i++) {
            JsonNode msg = in.get(i);
            String role = Json.text(msg, "role");
            if ("user".equals(role)) {
                user(msg.get("content"), i, messages);
            } else if ("assistant".equals(role)) {
                messages.add(assistant(msg.get("content"), i));
            } else {
                throw PavedException.invalid("messages[" + i + "].role must be user or assistant; put system text in"
                        + " the top-level system field", "messages[" + i + "].role");
            }
        }
        JsonNode maxTokens = req.get("max_tokens");
        if (maxTokens != null && maxTokens.isIntegralNumber()) {
            out.set("max_tokens", maxTokens);
        }
        copyNumber(req, "temperature", out);
        copyNumber(req, "top_p", out);
        JsonNode stops = req.get("stop_sequences");
        if (stops != null && stops.isArray() && !stops.isEmpty()) {
            out.set("stop", stops);
        }
        JsonNode stream = req.get("stream");
        if (stream != null && stream.isBoolean()) {
            out.set("stream", stream);
            if (stream.booleanValue()) {
                out.putObject("stream_options").put("include_usage", true);
            }
        }
        String user = Json.text(req.path("metadata"), "user_id");
        if (user != null && !user.isEmpty()) {
            out.put("user", user);
        }
        AnthropicToolsToOpenAi.translate(req, out);
        return out;
    }

    private static String systemText(JsonNode system) {
        if (system == null || system.isNull()) {
            return "";
        }
        if (system.isTextual()) {
            return system.textValue();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : system) {
            String text = Json.text(block, "text");
            if (text != null && !text.isEmpty()) {
                if (!sb.isEmpty()) {
                    sb.append("\n\n");
                }
                sb.append(text);
            }
        }
        return sb.toString();
    }

    /** A user turn: its tool results become {@code tool} messages first, the rest one {@code user} message. */
    private static void user(JsonNode content, int i, ArrayNode messages) {
        if (content != null && content.isTextual()) {
            messages.addObject().put("role", "user").put("content", content.textValue());
            return;
        }
        if (content == null || !content.isArray()) {
            throw PavedException.invalid("messages[" + i + "].content must be a string or an array of content blocks",
                    "messages[" + i + "].content");
        }
        ArrayNode parts = Json.array();
        for (int b = 0; b < content.size(); b++) {
            JsonNode block = content.get(b);
            String param = "messages[" + i + "].content[" + b + "]";
            String type = Json.text(block, "type");
            switch (type == null ? "" : type) {
                case "text" -> parts.addObject().put("type", "text").put("text", Json.text(block, "text"));
                case "image" -> parts.add(image(block.path("source"), param));
                case "document" -> parts.add(document(block.path("source"), param));
                case "tool_result" -> toolResult(block, param, messages, parts);
                default -> throw PavedException.invalid(param + ".type '" + type + "' cannot be sent to the target"
                        + " model", param + ".type");
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        ObjectNode m = messages.addObject().put("role", "user");
        if (parts.size() == 1 && "text".equals(parts.get(0).path("type").textValue())) {
            m.put("content", parts.get(0).path("text").textValue());
        } else {
            m.set("content", parts);
        }
    }

    private static void toolResult(JsonNode block, String param, ArrayNode messages, ArrayNode userParts) {
        ObjectNode m = messages.addObject();
        m.put("role", "tool");
        m.put("tool_call_id", Json.text(block, "tool_use_id"));
        JsonNode content = block.get("content");
        if (content == null || content.isNull()) {
            m.put("content", "");
        } else if (content.isTextual()) {
            m.put("content", content.textValue());
        } else {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                String type = Json.text(part, "type");
                if ("text".equals(type)) {
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(Json.text(part, "text"));
                } else if ("image".equals(type)) {
                    userParts.add(image(part.path("source"), param + ".content"));
                }
            }
            m.put("content", text.toString());
        }
    }

    private static ObjectNode image(JsonNode source, String param) {
        String type = Json.text(source, "type");
        String url;
        if ("base64".equals(type)) {
            url = new DataUrl(Json.text(source, "media_type"), Json.text(source, "data")).format();
        } else if ("url".equals(type)) {
            url = Json.text(source, "url");
        } else {
            throw PavedException.invalid(param + ".source.type must be base64 or url for the target model",
                    param + ".source.type");
        }
        ObjectNode part = Json.object().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static ObjectNode document(JsonNode source, String param) {
        String type = Json.text(source, "type");
        if ("text".equals(type)) {
            return Json.object().put("type", "text").put("text", Json.text(source, "data"));
        }
        if ("base64".equals(type)) {
            String mediaType = Json.text(source, "media_type");
            ObjectNode part = Json.object().put("type", "file");
            part.putObject("file")
                    .put("filename", "application/pdf".equals(mediaType) ? "document.pdf" : "document")
                    .put("file_data", new DataUrl(mediaType, Json.text(source, "data")).format());
            return part;
        }
        throw PavedException.invalid(param + ".source.type must be base64 or text for the target model",
                param + ".source.type");
    }

    private static ObjectNode assistant(JsonNode content, int i) {
        ObjectNode m = Json.object().put("role", "assistant");
        if (content != null && content.isTextual()) {
            m.put("content", content.textValue());
            return m;
        }
        if (content == null || !content.isArray()) {
            throw PavedException.invalid("messages[" + i + "].content must be a string or an array of content blocks",
                    "messages[" + i + "].content");
        }
        AssistantBlocks.writeOpenAi(content, m, false);
        return m;
    }

    private static void copyNumber(JsonNode from, String field, ObjectNode to) {
        JsonNode v = from.get(field);
        if (v != null && v.isNumber()) {
            to.set(field, v);
        }
    }
}
