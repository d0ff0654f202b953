package dev.paved.gateway.cache;

import dev.paved.core.Usage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** A cached answer as bytes: stored in the index and sent to other replicas. Versioned so a format change is detected. */
public final class AnswerCodec {
    private static final int VERSION = 1;

    private AnswerCodec() {
    }

    public static byte[] encode(CachedAnswer a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(a.response().length + 256 + (a.vector() == null ? 0 : a.vector().length * 4));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(a.id());
            out.writeUTF(a.tenantId());
            out.writeUTF(a.alias());
            out.writeUTF(a.scope());
            out.writeUTF(a.exactKey());
            if (a.vector() == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(a.vector().length);
                for (float f : a.vector()) {
                    out.writeFloat(f);
                }
            }
            out.writeInt(a.response().length);
            out.write(a.response());
            Usage u = a.usage();
            out.writeLong(u.inputTokens());
            out.writeLong(u.outputTokens());
            out.writeLong(u.cachedInputTokens());
            out.writeLong(u.cacheWriteTokens());
            out.writeUTF(a.cost().toPlainString());
            out.writeUTF(a.provider() == null ? "" : a.provider());
            out.writeUTF(a.model() == null ? "" : a.model());
            out.writeBoolean(a.toolCalls());
            out.writeLong(a.createdMillis());
            out.writeLong(a.expiresMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static CachedAnswer decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("cached answer format " + version + " is not " + VERSION);
            }
            String id = in.readUTF();
            String tenant = in.readUTF();
            String alias = in.readUTF();
            String scope = in.readUTF();
            String exact = in.readUTF();
            int dims = in.readInt();
            float[] vector = null;
            if (dims >= 0) {
                vector = new float[dims];
                for (int i = 0; i < dims; i++) {
                    vector[i] = in.readFloat();
                }
            }
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            Usage usage = new Usage(in.readLong(), in.readLong(), in.readLong(), in.readLong());
            BigDecimal cost = new BigDecimal(in.readUTF());
            String provider = in.readUTF();
            String model = in.readUTF();
            boolean tools = in.readBoolean();
            long created = in.readLong();
            long expires = in.readLong();
            return new CachedAnswer(id, tenant, alias, scope, exact, vector, response, usage, cost, provider.isEmpty() ? null : provider,
                    model.isEmpty() ? null : model, tools, created, expires);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable cached answer", e);
        }
    }
}
