package dev.paved.embedding;

import java.util.Arrays;

/** A growable list of token ids without boxing. Not thread-safe. */
final class TokenIds {

    private int[] ids = new int[64];
    private int size;

    void add(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[size++] = id;
    }

    int size() {
        return size;
    }

    /** Drops every id from index {@code newSize} on. */
    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException("cannot truncate " + size + " ids to " + newSize);
        }
        size = newSize;
    }

    int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
