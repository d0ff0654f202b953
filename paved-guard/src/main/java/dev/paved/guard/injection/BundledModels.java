package dev.paved.guard.injection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the classifier files shipped in this jar. */
final class BundledModels {
    /** Reads one model file format from a stream. */
    interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private BundledModels() {
    }

    static <T> T load(String resource, String what, Reader<T> reader) {
        try (InputStream in = BundledModels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundled " + what + " " + resource + " is missing from the classpath");
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks that an operating threshold is a probability strictly between 0 and 1. */
    static double threshold(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1)");
        }
        return threshold;
    }
}
