package dev.paved.knowledge.rerank;

/** The re-ranker could not score: the remote service failed or answered something unusable. */
public final class RerankException extends RuntimeException {

    public RerankException(String message) {
        super(message);
    }

    public RerankException(String message, Throwable cause) {
        super(message, cause);
    }
}
