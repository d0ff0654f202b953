package dev.paved.fake;

/** A request the real provider would answer with 400; carries the offending parameter if known. */
final class InvalidRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String param;

  InvalidRequestException(String message, String param) {
    super(message, null, false, false);
    this.param = param;
  }

  InvalidRequestException(String message) {
    this(message, null);
  }

  String param() {
    return param;
  }
}
