package dev.paved.guard.injection;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The classifiers' file format (gzip'd, a magic number and a version first) and the files shipped in this jar. */
final class BundledModels {
    /** Reads one model file format from a stream. */
    interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    /** Writes a model file's body after its header. */
    interface Body {
        void write(DataOutputStream d) throws IOException;
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

    /** Writes a gzip'd model file: {@code magic}, {@code version}, then the body. */
    static void write(OutputStream out, int magic, int version, Body body) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out);
        DataOutputStream d = new DataOutputStream(gz);
        d.writeInt(magic);
        d.writeInt(version);
        body.write(d);
        d.flush();
        gz.finish();
    }

    /**
     * Opens a model file for reading its body.
     *
     * @throws IOException when the header is not {@code magic} and {@code version}, naming {@code what} was expected
     */
    static DataInputStream open(InputStream in, int magic, int version, String what) throws IOException {
        DataInputStream d = new DataInputStream(new GZIPInputStream(in));
        if (d.readInt() != magic || d.readInt() != version) {
            throw new IOException("not a Paved " + what + " file (wrong header or version)");
        }
        return d;
    }

    /** Checks that an operating threshold is a probability strictly between 0 and 1. */
    static double threshold(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1)");
        }
        return threshold;
    }
}
