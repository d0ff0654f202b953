package dev.paved.guard.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paved.guard.pii.PiiType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads evaluation and training sets in JSONL: one object per line, either {@code {"text", "label": 0|1}}
 * (1 = attack) or {@code {"text", "spans": [{"start", "end", "type"}]}} for PII. Every problem is reported
 * with its line number.
 */
public final class Datasets {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A labelled text: {@code attack} is label 1. */
    public record Labelled(String text, boolean attack) {
    }

    /** A gold PII span; {@code type} is the dataset's own type name. */
    public record Span(int start, int end, String type) {
    }

    /** A text with its gold PII spans. */
    public record PiiExample(String text, List<Span> spans) {
    }

    /** The rows of one file: labelled rows or PII rows, never both. */
    public record Dataset(List<Labelled> labelled, List<PiiExample> pii, String sha256) {
        public boolean isPii() {
            return !pii.isEmpty();
        }
    }

    private Datasets() {
    }

    /** @throws IllegalArgumentException naming the line and what is wrong, or an unreadable file */
    public static Dataset read(Path file) {
        List<Labelled> labelled = new ArrayList<>();
        List<PiiExample> pii = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + ":" + no + ": not a JSON object");
                }
                if (!n.path("text").isTextual()) {
                    throw new IllegalArgumentException(file + ":" + no + ": needs a string \"text\"");
                }
                String text = n.get("text").asText();
                if (n.has("spans")) {
                    pii.add(new PiiExample(text, spans(n.get("spans"), text, file, no)));
                } else if (n.path("label").canConvertToInt() && (n.get("label").asInt() == 0 || n.get("label").asInt() == 1)) {
                    labelled.add(new Labelled(text, n.get("label").asInt() == 1));
                } else {
                    throw new IllegalArgumentException(file + ":" + no + ": needs \"label\": 0 or 1, or \"spans\": [...]");
                }
                if (!labelled.isEmpty() && !pii.isEmpty()) {
                    throw new IllegalArgumentException(file + ":" + no + ": mixes labelled rows and PII rows; use one kind per file");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        if (labelled.isEmpty() && pii.isEmpty()) {
            throw new IllegalArgumentException(file + " has no rows");
        }
        return new Dataset(labelled, pii, sha256(file));
    }

    private static List<Span> spans(JsonNode arr, String text, Path file, int no) {
        if (!arr.isArray()) {
            throw new IllegalArgumentException(file + ":" + no + ": \"spans\" must be a list");
        }
        List<Span> out = new ArrayList<>();
        for (JsonNode s : arr) {
            int start = s.path("start").asInt(-1);
            int end = s.path("end").asInt(-1);
            String type = s.path("type").asText("");
            if (start < 0 || end <= start || end > text.length() || type.isEmpty()) {
                throw new IllegalArgumentException(file + ":" + no + ": span needs 0 <= start < end <= text length and a type");
            }
            out.add(new Span(start, end, type));
        }
        return out;
    }

    /** Maps a dataset's type name to ours, accepting common aliases ({@code EMAIL_ADDRESS}, {@code PHONE_NUMBER}); null if unknown. */
    public static PiiType piiType(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "email", "email_address" -> PiiType.EMAIL;
            case "phone", "phone_number", "telephonenum", "telephone" -> PiiType.PHONE;
            case "credit_card", "credit_card_number", "creditcardnumber", "card" -> PiiType.CREDIT_CARD;
            case "iban", "iban_code" -> PiiType.IBAN;
            case "us_ssn", "ssn", "socialnum" -> PiiType.US_SSN;
            case "es_dni", "es_nif", "dni", "nie" -> PiiType.ES_DNI;
            case "it_fiscal_code", "codice_fiscale" -> PiiType.IT_FISCAL_CODE;
            case "fr_nir", "fr_ssn" -> PiiType.FR_NIR;
            case "pl_pesel", "pesel" -> PiiType.PL_PESEL;
            case "ip", "ip_address", "ipv4", "ipv6" -> PiiType.IP_ADDRESS;
            case "secret", "api_key", "password", "token" -> PiiType.SECRET;
            default -> null;
        };
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
