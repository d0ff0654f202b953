package dev.paved.rag.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Orders passages so the strongest sit at the two ends of the context, where models attend best, and the weakest
 * in the middle: ranks 1, 3, 5, ... from the front and 2, 4, 6, ... from the back.
 */
final class LostInTheMiddle {
    private LostInTheMiddle() {
    }

    static <T> List<T> order(List<T> ranked) {
        int n = ranked.size();
        Object[] slots = new Object[n];
        int front = 0;
        int back = n - 1;
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                slots[front++] = ranked.get(i);
            } else {
                slots[back--] = ranked.get(i);
            }
        }
        @SuppressWarnings("unchecked")
        List<T> out = (List<T>) new ArrayList<>(Arrays.asList(slots));
        return out;
    }
}
