package dev.paved.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Token count and cache breakpoints of a Messages request. Tokens are whitespace-separated words
 * in, in prompt order: each tool's name and description, the system prompt, and every message
 * block (text, tool_result content, tool_use input as JSON); at least 1. A block carrying
 * {@code cache_control} ends a cacheable prefix; its key hashes the model and everything up to
 * and including that block, ignoring the {@code cache_control} markers themselves.
 */
record AnthropicPrompt(int tokens, List<PromptCache.Breakpoint> breakpoints) {

  /** A unit of the prompt in order: a tool, a system block or a message block. */
  private record Segment(String role, JsonNode node, int tokens, boolean breakpoint) {
  }

  static AnthropicPrompt analyze(JsonNode request, String model) {
    List<Segment> segments = new ArrayList<>();
    boolean anyBreakpoint = false;
    for (JsonNode tool : request.path("tools")) {
      int words = PromptWords.count(Json.text(tool, "name")) + PromptWords.count(Json.text(tool, "description"));
      anyBreakpoint |= add(segments, "tool", tool, words);
    }
    JsonNode system = request.get("system");
    if (system != null && system.isTextual()) {
      add(segments, "system", system, PromptWords.count(system.textValue()));
    } else if (system != null && system.isArray()) {
      for (JsonNode block : system) {
        anyBreakpoint |= add(segments, "system", block, blockWords(block));
      }
    }
    for (JsonNode message : request.path("messages")) {
      String role = message.path("role").asText("");
      JsonNode content = message.get("content");
      if (content != null && content.isTextual()) {
        add(segments, role, content, PromptWords.count(content.textValue()));
      } else if (content != null && content.isArray()) {
        for (JsonNode block : content) {
          anyBreakpoint |= add(segments, role, block, blockWords(block));
        }
      }
    }
    int total = 0;
    for (Segment segment : segments) {
      total += segment.tokens;
    }
    List<PromptCache.Breakpoint> breakpoints = anyBreakpoint ? breakpoints(segments, model) : List.of();
    return new AnthropicPrompt(Math.max(1, total), breakpoints);
  }

  private static boolean add(List<Segment> segments, String role, JsonNode node, int words) {
    boolean breakpoint = node.isObject() && node.has("cache_control");
    segments.add(new Segment(role, node, words, breakpoint));
    return breakpoint;
  }

  private static int blockWords(JsonNode block) {
    String type = Json.text(block, "type");
    if (type == null) {
      return 0;
    }
    return switch (type) {
      case "text" -> PromptWords.count(Json.text(block, "text"));
      case "tool_use" -> PromptWords.count(block.path("input").toString());
      case "tool_result" -> {
        JsonNode content = block.get("content");
        if (content != null && content.isTextual()) {
          yield PromptWords.count(content.textValue());
        }
        int words = 0;
        if (content != null && content.isArray()) {
          for (JsonNode inner : content) {
            words += PromptWords.count(Json.text(inner, "text"));
          }
        }
        yield words;
      }
      default -> 0;
    };
  }

  private static List<PromptCache.Breakpoint> breakpoints(List<Segment> segments, String model) {
    MessageDigest digest = sha256();
    update(digest, model);
    List<PromptCache.Breakpoint> out = new ArrayList<>(4);
    int tokens = 0;
    for (Segment segment : segments) {
      update(digest, segment.role);
      if (segment.node.isObject()) {
        for (Map.Entry<String, JsonNode> field : segment.node.properties()) {
          if (!"cache_control".equals(field.getKey())) {
            update(digest, field.getKey());
            update(digest, field.getValue().toString());
          }
        }
      } else {
        update(digest, segment.node.toString());
      }
      tokens += segment.tokens;
      if (segment.breakpoint) {
        out.add(new PromptCache.Breakpoint(HexFormat.of().formatHex(snapshot(digest)), tokens));
      }
    }
    return out;
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static byte[] snapshot(MessageDigest digest) {
    try {
      return ((MessageDigest) digest.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
