package dev.paved.fake;

import io.vertx.core.buffer.Buffer;

/**
 * A streamed chat completion: a role chunk, then one chunk per output token (for a tool call: the
 * call's head, then argument fragments), a chunk with {@code finish_reason}, the usage chunk when
 * {@code stream_options.include_usage} is set, and {@code [DONE]}.
 */
final class OpenAiStreamScript implements SseScript {

  private static final byte[] OPEN_TAIL = Json.ascii(",\"logprobs\":null,\"finish_reason\":null}]}");
  private static final byte[] ROLE_TEXT = Json.ascii("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}");
  private static final byte[] ROLE_TOOL = Json.ascii("{\"role\":\"assistant\",\"content\":null,\"refusal\":null}");
  private static final byte[] CONTENT_OPEN = Json.ascii("{\"content\":\"");
  private static final byte[] CONTENT_CLOSE = Json.ascii("\"}");
  private static final byte[] ARGS_OPEN = Json.ascii("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"");
  private static final byte[] ARGS_CLOSE = Json.ascii("\"}}]}");
  private static final byte[] DONE = Json.ascii("[DONE]");

  private final Completion completion;
  private final byte[] head;
  private final byte[] toolHead;
  private final byte[] finish;
  private final byte[] usage;
  private final int contentStart;
  private final int contentEnd;
  private final int size;

  OpenAiStreamScript(String id, long created, Completion completion, int promptTokens, boolean includeUsage) {
    this.completion = completion;
    this.head = Buffer.buffer(200)
        .appendString("{\"id\":\"").appendString(id)
        .appendString("\",\"object\":\"chat.completion.chunk\",\"created\":").appendString(Long.toString(created))
        .appendString(",\"model\":").appendBytes(Json.quoted(completion.model()))
        .appendString(",\"service_tier\":\"default\",\"system_fingerprint\":\"" + OpenAiChatBody.FINGERPRINT
            + "\",\"choices\":[{\"index\":0,\"delta\":")
        .getBytes();
    ToolCall call = completion.toolCall();
    this.toolHead = call == null ? null : Buffer.buffer(128)
        .appendString("{\"tool_calls\":[{\"index\":0,\"id\":\"").appendString(call.id())
        .appendString("\",\"type\":\"function\",\"function\":{\"name\":").appendBytes(Json.quoted(call.name()))
        .appendString(",\"arguments\":\"\"}}]}")
        .getBytes();
    this.finish = Json.ascii("{},\"logprobs\":null,\"finish_reason\":\""
        + OpenAiChatBody.finishReason(completion) + "\"}]}");
    this.usage = includeUsage ? usageChunk(id, created, completion, promptTokens) : null;
    this.contentStart = call == null ? 1 : 2;
    this.contentEnd = contentStart + completion.pieces().size();
    this.size = contentEnd + 1 + (includeUsage ? 1 : 0) + 1;
  }

  private static byte[] usageChunk(String id, long created, Completion completion, int promptTokens) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("object", "chat.completion.chunk");
      g.writeNumberField("created", created);
      g.writeStringField("model", completion.model());
      g.writeStringField("service_tier", "default");
      g.writeStringField("system_fingerprint", OpenAiChatBody.FINGERPRINT);
      g.writeArrayFieldStart("choices");
      g.writeEndArray();
      g.writeFieldName("usage");
      OpenAiChatBody.writeUsage(g, promptTokens, completion.outputTokens());
      g.writeEndObject();
    });
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int firstContent() {
    return 1;
  }

  @Override
  public int contentEnd() {
    return contentEnd;
  }

  @Override
  public byte[] eventLine(int i) {
    return null;
  }

  @Override
  public void appendData(int i, Buffer out) {
    if (i == size - 1) {
      out.appendBytes(DONE);
      return;
    }
    if (i > contentEnd) {
      out.appendBytes(usage);
      return;
    }
    out.appendBytes(head);
    if (i == 0) {
      out.appendBytes(toolHead == null ? ROLE_TEXT : ROLE_TOOL);
    } else if (i == contentEnd) {
      out.appendBytes(finish);
      return;
    } else if (i < contentStart) {
      out.appendBytes(toolHead);
    } else if (toolHead == null) {
      out.appendBytes(CONTENT_OPEN).appendBytes(completion.pieces().escaped(i - contentStart)).appendBytes(CONTENT_CLOSE);
    } else {
      out.appendBytes(ARGS_OPEN).appendBytes(completion.pieces().escaped(i - contentStart)).appendBytes(ARGS_CLOSE);
    }
    out.appendBytes(OPEN_TAIL);
  }
}
