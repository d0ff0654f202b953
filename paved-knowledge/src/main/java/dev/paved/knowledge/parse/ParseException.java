package dev.paved.knowledge.parse;

/** A file that cannot be turned into text: unsupported format, corrupt, encrypted or empty. */
public final class ParseException extends RuntimeException {

    public ParseException(String message) {
        super(message);
    }

    public ParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
