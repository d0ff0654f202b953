package dev.paved.fake;

import io.vertx.core.buffer.Buffer;

/**
 * A streamed Anthropic message: {@code message_start}, {@code content_block_start}, {@code ping},
 * one {@code content_block_delta} per output token ({@code text_delta}, or {@code input_json_delta}
 * fragments for tool use), {@code content_block_stop}, {@code message_delta}, {@code message_stop}.
 */
final class AnthropicStreamScript implements SseScript {

  private static final int PREAMBLE = 3;

  private static final byte[] MESSAGE_START = Json.ascii("event: message_start\n");
  private static final byte[] BLOCK_START = Json.ascii("event: content_block_start\n");
  private static final byte[] PING = Json.ascii("event: ping\n");
  private static final byte[] BLOCK_DELTA = Json.ascii("event: content_block_delta\n");
  private static final byte[] BLOCK_STOP = Json.ascii("event: content_block_stop\n");
  private static final byte[] MESSAGE_DELTA = Json.ascii("event: message_delta\n");
  private static final byte[] MESSAGE_STOP = Json.ascii("event: message_stop\n");

  private static final byte[] TEXT_BLOCK_START =
      Json.ascii("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
  private static final byte[] PING_DATA = Json.ascii("{\"type\":\"ping\"}");
  private static final byte[] TEXT_OPEN =
      Json.ascii("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"");
  private static final byte[] JSON_OPEN =
      Json.ascii("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"");
  private static final byte[] DELTA_CLOSE = Json.ascii("\"}}");
  private static final byte[] BLOCK_STOP_DATA = Json.ascii("{\"type\":\"content_block_stop\",\"index\":0}");
  private static final byte[] MESSAGE_STOP_DATA = Json.ascii("{\"type\":\"message_stop\"}");
  private static final byte[][] CANNED_DELTAS = new byte[CannedText.WORDS.size()][];

  static {
    for (int i = 0; i < CANNED_DELTAS.length; i++) {
      CANNED_DELTAS[i] = Buffer.buffer().appendBytes(TEXT_OPEN).appendBytes(CannedText.tokenUtf8(i))
          .appendBytes(DELTA_CLOSE).getBytes();
    }
  }

  private final Completion completion;
  private final byte[] messageStart;
  private final byte[] blockStart;
  private final byte[] messageDelta;
  private final int contentEnd;

  AnthropicStreamScript(String id, Completion completion, AnthropicUsage usage) {
    this.completion = completion;
    this.messageStart = Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("type", "message_start");
      g.writeObjectFieldStart("message");
      g.writeStringField("id", id);
      g.writeStringField("type", "message");
      g.writeStringField("role", "assistant");
      g.writeStringField("model", completion.model());
      g.writeArrayFieldStart("content");
      g.writeEndArray();
      g.writeNullField("stop_reason");
      g.writeNullField("stop_sequence");
      g.writeFieldName("usage");
      AnthropicMessageBody.writeUsage(g, usage, 1);
      g.writeEndObject();
      g.writeEndObject();
    });
    ToolCall call = completion.toolCall();
    this.blockStart = call == null ? TEXT_BLOCK_START : Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("type", "content_block_start");
      g.writeNumberField("index", 0);
      g.writeObjectFieldStart("content_block");
      g.writeStringField("type", "tool_use");
      g.writeStringField("id", call.id());
      g.writeStringField("name", call.name());
      g.writeObjectFieldStart("input");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    });
    this.messageDelta = Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("type", "message_delta");
      g.writeObjectFieldStart("delta");
      g.writeStringField("stop_reason", AnthropicMessageBody.stopReason(completion));
      g.writeNullField("stop_sequence");
      g.writeEndObject();
      g.writeObjectFieldStart("usage");
      g.writeNumberField("output_tokens", completion.outputTokens());
      g.writeEndObject();
      g.writeEndObject();
    });
    this.contentEnd = PREAMBLE + completion.pieces().size();
  }

  @Override
  public int size() {
    return contentEnd + 3;
  }

  @Override
  public int firstContent() {
    return PREAMBLE;
  }

  @Override
  public int contentEnd() {
    return contentEnd;
  }

  @Override
  public byte[] eventLine(int i) {
    if (i >= PREAMBLE && i < contentEnd) {
      return BLOCK_DELTA;
    }
    return switch (i - contentEnd) {
      case 0 -> BLOCK_STOP;
      case 1 -> MESSAGE_DELTA;
      case 2 -> MESSAGE_STOP;
      default -> i == 0 ? MESSAGE_START : i == 1 ? BLOCK_START : PING;
    };
  }

  @Override
  public void appendData(int i, Buffer out) {
    if (i >= PREAMBLE && i < contentEnd) {
      int piece = i - PREAMBLE;
      if (completion.isToolCall()) {
        out.appendBytes(JSON_OPEN).appendBytes(completion.pieces().escaped(piece)).appendBytes(DELTA_CLOSE);
      } else if (completion.pieces() instanceof ContentPieces.Canned) {
        out.appendBytes(CANNED_DELTAS[piece & 7]);
      } else {
        out.appendBytes(TEXT_OPEN).appendBytes(completion.pieces().escaped(piece)).appendBytes(DELTA_CLOSE);
      }
      return;
    }
    out.appendBytes(switch (i - contentEnd) {
      case 0 -> BLOCK_STOP_DATA;
      case 1 -> messageDelta;
      case 2 -> MESSAGE_STOP_DATA;
      default -> i == 0 ? messageStart : i == 1 ? blockStart : PING_DATA;
    });
  }
}
