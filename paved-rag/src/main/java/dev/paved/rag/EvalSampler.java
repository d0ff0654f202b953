package dev.paved.rag;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Chooses the requests kept as online-evaluation samples: a fixed share, decided from the request id so that
 * every replica (and a replay) makes the same choice.
 */
public final class EvalSampler {
    private static final int SCALE = 1_000_000;

    private EvalSampler() {
    }

    /** @param rate share of requests to keep, 0 to 1 */
    public static boolean sampled(String requestId, double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        CRC32 crc = new CRC32();
        crc.update(requestId.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % SCALE < (long) (rate * SCALE);
    }
}
