package dev.paved.fake;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Deterministic unit-length vectors: a 64-bit FNV-1a hash of the input seeds a SplitMix64
 * sequence of values in [-1, 1), which are then L2-normalised.
 */
final class EmbeddingVectors {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private EmbeddingVectors() {
  }

  static long hash(String text) {
    long h = FNV_OFFSET;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * FNV_PRIME;
    }
    return h;
  }

  static long hash(int[] tokens) {
    long h = FNV_OFFSET ^ 0x9e3779b97f4a7c15L;
    for (int token : tokens) {
      for (int shift = 0; shift < 32; shift += 8) {
        h = (h ^ ((token >>> shift) & 0xff)) * FNV_PRIME;
      }
    }
    return h;
  }

  static float[] vector(long seed, int dims) {
    float[] out = new float[dims];
    long state = seed;
    double sumSquares = 0;
    for (int i = 0; i < dims; i++) {
      state += 0x9e3779b97f4a7c15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      z ^= z >>> 31;
      float value = (float) ((z >>> 11) * 0x1.0p-53 * 2.0 - 1.0);
      out[i] = value;
      sumSquares += (double) value * value;
    }
    if (sumSquares == 0) {
      out[0] = 1f;
      return out;
    }
    double norm = Math.sqrt(sumSquares);
    for (int i = 0; i < dims; i++) {
      out[i] = (float) (out[i] / norm);
    }
    return out;
  }

  /** Little-endian float32 bytes, base64-encoded (OpenAI's {@code encoding_format: base64}). */
  static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
