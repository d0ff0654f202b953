package dev.paved.rag;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/** Counts tokens the way the budget is measured. */
@FunctionalInterface
public interface Tokens {
    int count(String text);

    /** jtokkit's o200k_base BPE (the gateway's estimator uses the same encoding). */
    static Tokens bpe() {
        return Bpe.INSTANCE::count;
    }

    /** Lazily created, thread-safe encoding. */
    final class Bpe {
        static final Bpe INSTANCE = new Bpe();
        private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

        private Bpe() {
        }

        int count(String text) {
            return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
        }
    }
}
