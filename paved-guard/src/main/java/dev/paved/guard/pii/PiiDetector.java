package dev.paved.guard.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.paved.guard.Detector;
import dev.paved.guard.Finding;
import dev.paved.guard.ScanContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.InetAddressValidator;

/**
 * Finds personal data and secrets: candidate patterns, then the check that makes them real (Luhn for cards,
 * MOD-97 for IBANs, national check digits, octet ranges for IPs, libphonenumber's numbering plans for
 * phones). Overlapping matches keep the more confident one, then the more specific type ({@link PiiType} order),
 * then the longer span.
 */
public final class PiiDetector implements Detector {
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])");
    private static final Pattern CARD = Pattern.compile("(?<![\\dA-Za-z-])[2-6](?:[ -]?\\d){12,18}(?![\\d])");
    private static final Pattern IBAN = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]){10,32}");
    private static final Pattern SSN = Pattern.compile("(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}([- ])(?!00)\\d{2}\\1(?!0000)\\d{4}(?![\\d-])");
    private static final Pattern SSN_CONTEXT = Pattern.compile("(?i)\\b(?:ssn|social security(?: number| no\\.?| #)?)\\D{0,20}?(?<!\\d)((?!000|666|9\\d\\d)\\d{3}(?!00)\\d{2}(?!0000)\\d{4})(?!\\d)");
    private static final Pattern ES_ID = Pattern.compile("(?<![A-Za-z0-9])(?:\\d{8}|[XYZxyz]\\d{7})-?[A-Za-z](?![A-Za-z0-9])");
    private static final Pattern IT_CF = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{6}\\d{2}[A-EHLMPRSTa-ehlmprst]\\d{2}[A-Za-z]\\d{3}[A-Za-z](?![A-Za-z0-9])");
    private static final Pattern FR_NIR = Pattern.compile("(?<![\\d])[12] ?\\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\\d) ?(?:\\d{2}|2[ABab]) ?\\d{3} ?\\d{3} ?\\d{2}(?!\\d)");
    private static final Pattern PESEL = Pattern.compile("(?<![\\d-])\\d{11}(?![\\d-])");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\d]|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])");
    private static final Pattern PHONE_RUN = Pattern.compile("[+(]?\\d(?:[\\d \\t().\\-/]{5,30})\\d");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final Set<PiiType> types;
    private final String phoneRegion;

    /** Detects every type; national phone numbers without a country code are read as US numbers. */
    public PiiDetector() {
        this(EnumSet.allOf(PiiType.class), "US");
    }

    /**
     * @param types       the types to detect
     * @param phoneRegion ISO 3166 region for phone numbers written without {@code +country} ({@code US}, {@code DE})
     */
    public PiiDetector(Set<PiiType> types, String phoneRegion) {
        this.types = types.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(types);
        this.phoneRegion = phoneRegion.toUpperCase(Locale.ROOT);
        if (!PHONES.getSupportedRegions().contains(this.phoneRegion)) {
            throw new IllegalArgumentException("unknown phone region '" + phoneRegion + "'; use an ISO 3166 code such as US or DE");
        }
    }

    public Set<PiiType> types() {
        return EnumSet.copyOf(types.isEmpty() ? EnumSet.noneOf(PiiType.class) : types);
    }

    @Override
    public boolean locatesSpans() {
        return true;
    }

    @Override
    public List<Finding> detect(String text, ScanContext ctx) {
        List<PiiMatch> matches = find(text);
        List<Finding> out = new ArrayList<>(matches.size());
        for (PiiMatch m : matches) {
            out.add(new Finding("pii", m.type().code(), m.score(), m.start(), m.end(), m.type().label()));
        }
        return out;
    }

    /** Every match of the configured types, without overlaps, in text order. */
    public List<PiiMatch> find(String text) {
        List<PiiMatch> all = new ArrayList<>();
        boolean hasAt = text.indexOf('@') >= 0;
        int digits = countDigits(text);
        if (want(PiiType.SECRET)) {
            SecretPatterns.find(text, all::add);
        }
        if (want(PiiType.EMAIL) && hasAt) {
            regex(EMAIL, text, regions(text, c -> c == '@', 80), PiiType.EMAIL, 0.99, all);
        }
        if (digits >= 4) {
            numeric(text, digits, regions(text, c -> c >= '0' && c <= '9', 50), all);
        }
        return resolve(all);
    }

    private void numeric(String text, int digits, int[] regions, List<PiiMatch> all) {
        if (want(PiiType.CREDIT_CARD) && digits >= 13) {
            validated(CARD, text, regions, PiiType.CREDIT_CARD, 0.95, g -> Checksums.card(onlyDigits(g)), all);
        }
        if (want(PiiType.IBAN) && digits >= 4) {
            ibans(text, regions, all);
        }
        if (want(PiiType.US_SSN) && digits >= 9) {
            regex(SSN, text, regions, PiiType.US_SSN, 0.9, all);
            Matcher m = SSN_CONTEXT.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            for (int r = 0; r < regions.length; r += 2) {
                m.region(regions[r], regions[r + 1]);
                while (m.find()) {
                    all.add(new PiiMatch(PiiType.US_SSN, m.start(1), m.end(1), 0.85));
                }
            }
        }
        if (want(PiiType.ES_DNI) && digits >= 7) {
            validated(ES_ID, text, regions, PiiType.ES_DNI, 0.9, s -> Checksums.spanishId(s.toUpperCase(Locale.ROOT)), all);
        }
        if (want(PiiType.IT_FISCAL_CODE) && digits >= 7) {
            validated(IT_CF, text, regions, PiiType.IT_FISCAL_CODE, 0.95, s -> Checksums.italianFiscalCode(s.toUpperCase(Locale.ROOT)), all);
        }
        if (want(PiiType.FR_NIR) && digits >= 13) {
            validated(FR_NIR, text, regions, PiiType.FR_NIR, 0.9, s -> Checksums.frenchNir(s.replace(" ", "").toUpperCase(Locale.ROOT)), all);
        }
        if (want(PiiType.PL_PESEL) && digits >= 11) {
            validated(PESEL, text, regions, PiiType.PL_PESEL, 0.75, Checksums::pesel, all);
        }
        if (want(PiiType.IP_ADDRESS)) {
            regex(IPV4, text, regions, PiiType.IP_ADDRESS, 0.85, all);
            if (text.indexOf(':') >= 0) {
                validated(IPV6, text, regions, PiiType.IP_ADDRESS, 0.85, s -> s.indexOf("::") != s.lastIndexOf("::") ? false
                        : InetAddressValidator.getInstance().isValidInet6Address(s) && countHexDigits(s) >= 4, all);
            }
        }
        if (want(PiiType.PHONE) && digits >= 7) {
            phones(text, regions, all);
        }
    }

    /**
     * libphonenumber's matcher is thorough but slow on long texts, so it runs only on the digit runs that could
     * be phone numbers (seven or more digits with separators), each with a little context for "+" and "(".
     * A run starts and ends with a digit and is at most 32 characters long, so it always lies inside one of the
     * {@code regions} (every digit padded by 50 characters), and only those are searched.
     */
    private void phones(String text, int[] regions, List<PiiMatch> all) {
        Matcher run = PHONE_RUN.matcher(text);
        for (int r = 0; r < regions.length; r += 2) {
            run.region(regions[r], regions[r + 1]);
            phonesIn(run, text, all);
        }
    }

    private void phonesIn(Matcher run, String text, List<PiiMatch> all) {
        while (run.find()) {
            int from = Math.max(0, run.start() - 2);
            int to = Math.min(text.length(), run.end() + 1);
            String window = text.substring(from, to);
            for (PhoneNumberMatch pm : PHONES.findNumbers(window, phoneRegion, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
                all.add(new PiiMatch(PiiType.PHONE, from + pm.start(), from + pm.end(), 0.8));
            }
        }
    }

    /** IBANs are matched up to their country's fixed length, so a following word is never swallowed. */
    private static void ibans(String text, int[] regions, List<PiiMatch> all) {
        Matcher m = IBAN.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        for (int r = 0; r < regions.length; r += 2) {
            m.region(regions[r], regions[r + 1]);
            ibansIn(m, regions[r + 1], text, all);
        }
    }

    private static void ibansIn(Matcher m, int regionEnd, String text, List<PiiMatch> all) {
        while (m.find()) {
            String country = m.group().substring(0, 2).toUpperCase(Locale.ROOT);
            int len = Checksums.ibanLength(country);
            if (len < 0) {
                continue;
            }
            StringBuilder compact = new StringBuilder(len);
            int end = m.start();
            String cand = m.group();
            for (int i = 0; i < cand.length() && compact.length() < len; i++) {
                char c = cand.charAt(i);
                if (c != ' ') {
                    compact.append(Character.toUpperCase(c));
                }
                end = m.start() + i + 1;
            }
            if (compact.length() == len && Checksums.iban(compact.toString())) {
                all.add(new PiiMatch(PiiType.IBAN, m.start(), end, 0.97));
                m.region(end, Math.max(end, regionEnd));
            }
        }
    }

    private boolean want(PiiType t) {
        return types.contains(t);
    }

    private static void regex(Pattern p, String text, int[] regions, PiiType type, double score, List<PiiMatch> out) {
        validated(p, text, regions, type, score, s -> true, out);
    }

    /** Matches of {@code p} that pass {@code valid}, searched only inside the current regions. */
    private static void validated(Pattern p, String text, int[] regions, PiiType type, double score,
                                  java.util.function.Predicate<String> valid, List<PiiMatch> out) {
        Matcher m = p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        for (int r = 0; r < regions.length; r += 2) {
            m.region(regions[r], regions[r + 1]);
            while (m.find()) {
                if (valid.test(m.group())) {
                    out.add(new PiiMatch(type, m.start(), m.end(), score));
                }
            }
        }
    }

    /**
     * The parts of {@code text} within {@code pad} characters of a character {@code near} accepts, merged, as
     * start/end pairs: patterns that need a digit (or an '@') are only searched there, so long prose costs little.
     */
    static int[] regions(String text, java.util.function.IntPredicate near, int pad) {
        int[] out = new int[8];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!near.test(text.charAt(i))) {
                continue;
            }
            int from = Math.max(0, i - pad);
            int to = Math.min(text.length(), i + pad + 1);
            if (n > 0 && from <= out[n - 1]) {
                out[n - 1] = Math.max(out[n - 1], to);
            } else {
                if (n + 2 > out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = from;
                out[n++] = to;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Keeps, among overlapping matches, the most specific type, then the longest; returns them in text order. */
    static List<PiiMatch> resolve(List<PiiMatch> all) {
        if (all.size() < 2) {
            return all;
        }
        List<PiiMatch> byPrecedence = new ArrayList<>(all);
        byPrecedence.sort(Comparator.comparingDouble(PiiMatch::score).reversed()
                .thenComparingInt(m -> m.type().ordinal()).thenComparing(PiiMatch::length, Comparator.reverseOrder()));
        List<PiiMatch> kept = new ArrayList<>();
        for (PiiMatch m : byPrecedence) {
            boolean free = true;
            for (PiiMatch k : kept) {
                if (k.overlaps(m)) {
                    free = false;
                    break;
                }
            }
            if (free) {
                kept.add(m);
            }
        }
        kept.sort(Comparator.comparingInt(PiiMatch::start));
        return kept;
    }

    private static int countDigits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }

    private static int countHexDigits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) >= 0) {
                n++;
            }
        }
        return n;
    }

    static String onlyDigits(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return b.toString();
    }
}
