package dev.paved.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers programmed by tests and benchmarks: a chat or messages request whose JSON contains a marker is
 * answered with a given text instead of the canned words (or the structured-output sample), streamed in the
 * given pieces (one piece per event and per output token; {@code max_tokens} keeps the first pieces). The first
 * script whose marker occurs wins; scripts stay until removed. Tool calls are not affected, except by a scripted
 * tool call ({@link #addToolCall}), which is answered whatever the request's tools, its arguments streamed in the
 * given fragments. Thread-safe; costs one volatile read per request while there is no script.
 */
public final class ScriptedReplies {

  private record Script(long id, String marker, List<String> pieces, String tool) {
  }

  /** A scripted answer: text pieces, or the argument fragments of a call of {@code tool} when it is not null. */
  record Scripted(List<String> pieces, String tool) {
  }

  private final CopyOnWriteArrayList<Script> scripts = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  /**
   * Requests containing {@code marker} are answered with the concatenated {@code pieces}; returns the
   * script's id.
   */
  public long add(String marker, List<String> pieces) {
    return add(marker, pieces, null);
  }

  /**
   * Requests containing {@code marker} are answered with a call of the tool {@code tool} whose arguments are the
   * concatenated {@code argumentPieces} (a JSON object), streamed one piece per event; returns the script's id.
   */
  public long addToolCall(String marker, String tool, List<String> argumentPieces) {
    if (tool == null || tool.isEmpty()) {
      throw new IllegalArgumentException("'tool' must be a non-empty string");
    }
    return add(marker, argumentPieces, tool);
  }

  private long add(String marker, List<String> pieces, String tool) {
    if (marker == null || marker.isEmpty()) {
      throw new IllegalArgumentException("'marker' must be a non-empty string");
    }
    if (pieces.isEmpty() || pieces.stream().anyMatch(p -> p == null || p.isEmpty())) {
      throw new IllegalArgumentException("'pieces' must be non-empty strings, at least one");
    }
    long id = ids.incrementAndGet();
    scripts.add(new Script(id, marker, List.copyOf(pieces), tool));
    return id;
  }

  /** Requests containing {@code marker} are answered with {@code text}, streamed {@code pieceChars} characters at a time. */
  public long add(String marker, String text, int pieceChars) {
    if (pieceChars < 1) {
      throw new IllegalArgumentException("'piece_chars' must be at least 1");
    }
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("'text' must be a non-empty string");
    }
    ContentPieces split = ContentPieces.split(text, pieceChars);
    String[] pieces = new String[split.size()];
    for (int i = 0; i < pieces.length; i++) {
      pieces[i] = split.piece(i);
    }
    return add(marker, List.of(pieces));
  }

  public boolean remove(long id) {
    return scripts.removeIf(s -> s.id == id);
  }

  /** Removes every script; returns how many there were. */
  public int clear() {
    int n = scripts.size();
    scripts.clear();
    return n;
  }

  /** The scripted answer for a request, or null when no script's marker occurs in it. */
  Scripted pick(JsonNode request) {
    if (scripts.isEmpty() || request == null) {
      return null;
    }
    String json = request.toString();
    for (Script s : scripts) {
      if (json.contains(s.marker)) {
        return new Scripted(s.pieces, s.tool);
      }
    }
    return null;
  }
}
