package dev.paved.guard.pii;

import java.util.Locale;

/**
 * The kinds of personal data and secrets the PII detector finds, in order of precedence when two matches
 * overlap (a validated IBAN wins over the phone number hidden in its digits).
 */
public enum PiiType {
    SECRET("SECRET"),
    CREDIT_CARD("CREDIT_CARD"),
    IBAN("IBAN"),
    US_SSN("SSN"),
    ES_DNI("NATIONAL_ID"),
    IT_FISCAL_CODE("NATIONAL_ID"),
    FR_NIR("NATIONAL_ID"),
    PL_PESEL("NATIONAL_ID"),
    EMAIL("EMAIL"),
    IP_ADDRESS("IP_ADDRESS"),
    PHONE("PHONE");

    private final String label;

    PiiType(String label) {
        this.label = label;
    }

    /** The placeholder label: {@code [EMAIL_1]}. National ids of all countries share {@code NATIONAL_ID}. */
    public String label() {
        return label;
    }

    /** The configuration and dataset name: {@code email}, {@code credit_card}, {@code us_ssn}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason code: {@code pii.email}, or {@code secret} for secrets. */
    public String code() {
        return this == SECRET ? "secret" : "pii." + id();
    }

    /** @throws IllegalArgumentException naming the valid types */
    public static PiiType parse(String s) {
        String norm = s.trim().toLowerCase(Locale.ROOT);
        for (PiiType t : values()) {
            if (t.id().equals(norm)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown PII type '" + s + "'; valid: " + ids());
    }

    public static String ids() {
        StringBuilder b = new StringBuilder();
        for (PiiType t : values()) {
            b.append(b.isEmpty() ? "" : ", ").append(t.id());
        }
        return b.toString();
    }
}
