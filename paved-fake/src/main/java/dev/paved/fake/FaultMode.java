package dev.paved.fake;

/** The kinds of misbehaviour the fake can inject; {@link #label()} is the header syntax. */
public enum FaultMode {
  /** Answer with an error status (body in the path's error format). */
  STATUS("status"),
  /** Accept the request and never answer. */
  HANG("hang"),
  /** Send the first events of a stream (half of a JSON body), then stall forever. */
  HANG_MID_STREAM("hang-mid-stream"),
  /** Close the connection without a response (HTTP/2: reset the stream). */
  RESET("reset"),
  /** Send the first events of a stream (half of a JSON body), then close the connection. */
  RESET_MID_STREAM("reset-mid-stream"),
  /** 200 with a body that is not valid JSON, or a stream with a broken data line. */
  MALFORMED("malformed"),
  /** Extra delay before the first byte, then a normal answer. */
  SLOW_FIRST_BYTE("slow-first-byte");

  private final String label;

  FaultMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The mode with this header label, or null. */
  public static FaultMode fromLabel(String label) {
    for (FaultMode mode : values()) {
      if (mode.label.equals(label)) {
        return mode;
      }
    }
    return null;
  }
}
