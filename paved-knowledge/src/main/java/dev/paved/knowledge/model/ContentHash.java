package dev.paved.knowledge.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 that makes ingestion idempotent: it covers the text and everything stored or indexed with it (title,
 * source, groups, data class, metadata) and the chunking and embedding settings, so an identical re-ingest is skipped
 * and any change replaces the document's chunks.
 */
public final class ContentHash {

    private ContentHash() {
    }

    public static String of(DocumentInput doc, String settings) {
        MessageDigest sha = sha256();
        field(sha, doc.text());
        field(sha, doc.title());
        field(sha, doc.source());
        field(sha, String.join(",", doc.aclGroups()));
        field(sha, doc.dataClass());
        doc.metadata().forEach((k, v) -> {
            field(sha, k);
            field(sha, v);
        });
        field(sha, settings);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void field(MessageDigest sha, String value) {
        byte[] b = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) (value == null ? 0 : 1));
        sha.update(java.nio.ByteBuffer.allocate(4).putInt(b.length).array());
        sha.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
