package dev.paved.guard.eval;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates a synthetic, labelled PII corpus with a fixed seed: sentences in English and German with valid
 * emails, phone numbers (checked with libphonenumber), Luhn-valid card numbers, MOD-97-valid IBANs, US SSNs,
 * Spanish DNIs, Italian fiscal codes, French NIRs, Polish PESELs, IPv4/IPv6 addresses and API keys, in
 * several written formats, plus distractor sentences with order numbers, dates and versions and no PII.
 * Same seed and size give the same file byte for byte.
 */
public final class PiiCorpusGenerator {
    private static final String[] FIRST = {"anna", "ben", "carla", "dmitri", "eva", "farid", "grace", "hugo", "ines", "jonas", "kim", "lena", "marco", "nora"};
    private static final String[] LAST = {"schmidt", "rossi", "garcia", "nowak", "martin", "smith", "müller", "dubois", "kowalski", "jensen"};
    private static final String[] DOMAINS = {"example.com", "mail.example.org", "acme.io", "firma.de", "correo.es", "uni-example.edu"};
    private static final String[][] TEMPLATES = {
            {"Please contact me at %s tomorrow.", "en"},
            {"My details: %s. Thanks!", "en"},
            {"Customer wrote: \"you can reach me under %s if anything is unclear\"", "en"},
            {"Bitte überweisen Sie den Betrag, Referenz %s, bis Freitag.", "de"},
            {"Kontakt: %s (werktags)", "de"},
            {"Summarize this ticket: the user (%s) reports that login fails since Monday.", "en"},
            {"%s", "en"},
            {"Here is the value you asked for -> %s <- please keep it safe", "en"},
            {"Ich habe die Daten geprüft, %s ist korrekt.", "de"},
            {"Can you check whether %s appears in our CRM?", "en"},
    };
    private static final String[] DISTRACTORS = {
            "Order 2024-118-5531 shipped on 2024-03-05 with 3 items.",
            "Upgrade from version 1.2.3 to 2.0.1 before Friday.",
            "The meeting moved to 14:30 in room 4.12.",
            "Invoice total: 1,299.00 EUR, due in 30 days.",
            "Bitte lies Kapitel 12 bis Seite 345.",
            "Our team grew from 12 to 48 people in 2023.",
            "Run the job with --threads 8 --batch 256.",
            "The commit a3f5c9e fixed the race in the scheduler.",
    };

    private final Random random;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    public PiiCorpusGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** {@code rows} examples: about one in eight is a distractor without PII. */
    public List<Datasets.PiiExample> generate(int rows) {
        List<Supplier<Value>> kinds = List.of(this::email, this::phone, this::card, this::iban, this::ssn, this::dni,
                this::fiscalCode, this::nir, this::pesel, this::ipv4, this::ipv6, this::secret);
        List<Datasets.PiiExample> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            if (i % 8 == 7) {
                out.add(new Datasets.PiiExample(DISTRACTORS[random.nextInt(DISTRACTORS.length)], List.of()));
                continue;
            }
            Value v = kinds.get(i % kinds.size()).get();
            String[] t = TEMPLATES[random.nextInt(TEMPLATES.length)];
            int at = t[0].indexOf("%s");
            String text = t[0].substring(0, at) + v.text + t[0].substring(at + 2);
            List<Datasets.Span> spans = new ArrayList<>();
            spans.add(new Datasets.Span(at, at + v.text.length(), v.type));
            if (random.nextInt(4) == 0) {
                Value second = email();
                String prefix = text + " Also cc ";
                spans.add(new Datasets.Span(prefix.length(), prefix.length() + second.text.length(), second.type));
                text = prefix + second.text + ".";
            }
            out.add(new Datasets.PiiExample(text, spans));
        }
        return out;
    }

    private record Value(String text, String type) {
    }

    private Value email() {
        String local = pick(FIRST) + (random.nextBoolean() ? "." : "_") + pick(LAST).replace("ü", "ue") + (random.nextInt(3) == 0 ? random.nextInt(100) : "");
        return new Value(local + "@" + pick(DOMAINS), "email");
    }

    private Value phone() {
        String[] regions = {"US", "DE", "GB", "FR", "IT", "ES"};
        for (int attempt = 0; attempt < 1000; attempt++) {
            String region = pick(regions);
            String candidate = switch (region) {
                case "US" -> pick(new String[] {"(212) ", "415-", "+1 617 ", "312."}) + (200 + random.nextInt(800)) + "-" + digits(4);
                case "DE" -> pick(new String[] {"+49 30 ", "+49 89 ", "+49 151 "}) + digits(7 + random.nextInt(2));
                case "GB" -> "+44 20 " + (7000 + random.nextInt(2999)) + " " + digits(4);
                case "FR" -> "+33 " + (1 + random.nextInt(5)) + " " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
                case "IT" -> "+39 02 " + digits(8);
                default -> "+34 91 " + digits(3) + " " + digits(2) + " " + digits(2);
            };
            try {
                if (phones.isValidNumber(phones.parse(candidate, "US"))) {
                    return new Value(candidate, "phone");
                }
            } catch (NumberParseException ignored) {
                // try another
            }
        }
        throw new IllegalStateException("could not generate a valid phone number");
    }

    private Value card() {
        int kind = random.nextInt(3);
        String prefix = kind == 0 ? "4" : kind == 1 ? "5" + (1 + random.nextInt(5)) : (random.nextBoolean() ? "34" : "37");
        int length = kind == 2 ? 15 : 16;
        String body = prefix + digits(length - prefix.length() - 1);
        String number = body + luhnDigit(body);
        String sep = pick(new String[] {" ", "-", ""});
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < number.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append(sep);
            }
            b.append(number.charAt(i));
        }
        return new Value(b.toString(), "credit_card");
    }

    private Value iban() {
        String[][] formats = {{"DE", "18n"}, {"FR", "10n11c2n"}, {"GB", "4a14n"}, {"ES", "20n"}, {"IT", "1a10n12c"}, {"NL", "4a10n"}};
        String[] f = formats[random.nextInt(formats.length)];
        String bban = bban(f[1]);
        String check = ibanCheck(f[0], bban);
        String compact = f[0] + check + bban;
        if (random.nextBoolean()) {
            return new Value(compact, "iban");
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < compact.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append(' ');
            }
            b.append(compact.charAt(i));
        }
        return new Value(b.toString(), "iban");
    }

    private Value ssn() {
        int area;
        do {
            area = 1 + random.nextInt(899);
        } while (area == 666);
        return new Value(String.format("%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999)), "us_ssn");
    }

    private Value dni() {
        int n = random.nextInt(100_000_000);
        return new Value(String.format("%08d", n) + "TRWAGMYFPDXBNJZSQVHLCKE".charAt(n % 23), "es_dni");
    }

    private Value fiscalCode() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append((char) ('A' + random.nextInt(26)));
        }
        b.append(digits(2)).append("ABCDEHLMPRST".charAt(random.nextInt(12))).append(String.format("%02d", 1 + random.nextInt(31)))
                .append((char) ('A' + random.nextInt(26))).append(digits(3));
        int[] odd = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = b.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A';
            sum += i % 2 == 0 ? odd[v] : v;
        }
        return new Value(b.append((char) ('A' + sum % 26)).toString(), "it_fiscal_code");
    }

    private Value nir() {
        String body = (1 + random.nextInt(2)) + digits(2) + String.format("%02d", 1 + random.nextInt(12)) + String.format("%02d", 1 + random.nextInt(95))
                + digits(3) + digits(3);
        int key = 97 - (int) (Long.parseLong(body) % 97);
        String text = random.nextBoolean() ? body + String.format("%02d", key)
                : body.charAt(0) + " " + body.substring(1, 3) + " " + body.substring(3, 5) + " " + body.substring(5, 7) + " "
                + body.substring(7, 10) + " " + body.substring(10, 13) + " " + String.format("%02d", key);
        return new Value(text, "fr_nir");
    }

    private Value pesel() {
        String s = digits(2) + String.format("%02d", 1 + random.nextInt(12)) + String.format("%02d", 1 + random.nextInt(28)) + digits(4);
        int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (s.charAt(i) - '0') * w[i];
        }
        return new Value(s + (10 - sum % 10) % 10, "pl_pesel");
    }

    private Value ipv4() {
        return new Value((1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254)), "ip_address");
    }

    private Value ipv6() {
        StringBuilder b = new StringBuilder("2001:db8");
        int groups = random.nextBoolean() ? 6 : 3;
        if (groups == 3) {
            b.append("::");
        } else {
            b.append(':');
        }
        for (int i = 0; i < groups; i++) {
            if (i > 0) {
                b.append(':');
            }
            b.append(Integer.toHexString(random.nextInt(0x10000)));
        }
        return new Value(b.toString(), "ip_address");
    }

    private Value secret() {
        String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return switch (random.nextInt(5)) {
            case 0 -> new Value("sk-proj-" + random(alnum, 40), "secret");
            case 1 -> new Value("ghp_" + random(alnum, 36), "secret");
            case 2 -> new Value("AKIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), "secret");
            case 3 -> new Value("xoxb-" + digits(11) + "-" + random(alnum, 24), "secret");
            default -> new Value("sk_live_" + random(alnum, 24), "secret");
        };
    }

    private String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private String bban(String format) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            int j = i;
            while (Character.isDigit(format.charAt(j))) {
                j++;
            }
            int n = Integer.parseInt(format.substring(i, j));
            char kind = format.charAt(j);
            for (int k = 0; k < n; k++) {
                b.append(switch (kind) {
                    case 'n' -> (char) ('0' + random.nextInt(10));
                    case 'a' -> (char) ('A' + random.nextInt(26));
                    default -> "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(random.nextInt(36));
                });
            }
            i = j + 1;
        }
        return b.toString();
    }

    private static String ibanCheck(String country, String bban) {
        String rearranged = bban + country + "00";
        StringBuilder digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int check = 98 - new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
        return String.format("%02d", check);
    }

    private static char luhnDigit(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
