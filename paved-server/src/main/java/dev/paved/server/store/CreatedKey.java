package dev.paved.server.store;

/**
 * A newly created key together with its plaintext, which is shown to the caller once and never stored.
 * {@link #toString()} leaves the plaintext out so that logging the record does not leak it.
 */
public record CreatedKey(ApiKey key, String plaintext) {
    @Override
    public String toString() {
        return "CreatedKey[key=" + key + ", plaintext=" + key.prefix() + "_***]";
    }
}
