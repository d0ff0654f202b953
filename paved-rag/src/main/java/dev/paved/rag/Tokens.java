package dev.paved.rag;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/** Counts tokens the way the budget is measured. */
@FunctionalInterface
public interface Tokens {
    int count(String text);

    /**
     * Whether counts add up across a line start: {@code count(a + b) == count(a) + count(b)} whenever {@code a} ends
     * with a line break and {@code b} starts with an ASCII letter or {@code <}. True for byte-pair encodings whose
     * pre-tokenizer never joins a line break with a following letter or {@code <} (OpenAI's o200k_base and
     * cl100k_base): the text is split into pieces before merging, and no piece crosses such a line start. Lets a
     * prompt made of blocks be measured block by block. False unless an implementation knows better.
     */
    default boolean addsUpAtLineStarts() {
        return false;
    }

    /** jtokkit's o200k_base BPE (the gateway's estimator uses the same encoding). */
    static Tokens bpe() {
        return Bpe.INSTANCE;
    }

    /** Lazily created, thread-safe encoding. */
    final class Bpe implements Tokens {
        static final Bpe INSTANCE = new Bpe();
        private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

        private Bpe() {
        }

        @Override
        public int count(String text) {
            return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
        }

        @Override
        public boolean addsUpAtLineStarts() {
            return true;
        }
    }
}
