package dev.paved.guard.pii;

import org.apache.commons.validator.routines.IBANValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * The check-digit rules that turn a digit pattern into a real identifier: Luhn and IBAN MOD-97 come from
 * Apache Commons Validator; the national-id rules below are the published algorithms of each issuing
 * country, which no Maven Central library implements (docs/adr/0008-pii-detectors.md).
 */
final class Checksums {
    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final int[] CF_ODD = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
    private static final int[] PESEL_WEIGHTS = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};

    private Checksums() {
    }

    static boolean luhn(String digits) {
        return digits.length() >= 13 && digits.length() <= 19 && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits);
    }

    /**
     * A payment card number: Luhn-valid, and a length that fits its issuer prefix (13: Visa 4; 14: Diners 36/38;
     * 15: American Express 34/37; 16: 2-6; 19: Visa, Maestro, Discover and UnionPay 4/5/6).
     */
    static boolean card(String digits) {
        if (!luhn(digits)) {
            return false;
        }
        char first = digits.charAt(0);
        return switch (digits.length()) {
            case 13 -> first == '4';
            case 14 -> digits.startsWith("36") || digits.startsWith("38");
            case 15 -> digits.startsWith("34") || digits.startsWith("37");
            case 16 -> first >= '2' && first <= '6';
            case 19 -> first >= '4' && first <= '6';
            default -> false;
        };
    }

    static boolean iban(String compact) {
        return IBANValidator.getInstance().isValid(compact);
    }

    /** The expected length of an IBAN of {@code country}, or -1 for a country without IBANs. */
    static int ibanLength(String country) {
        IBANValidator.Validator v = IBANValidator.getInstance().getValidator(country);
        return v == null ? -1 : v.getIbanLength();
    }

    /** Spanish DNI ({@code 12345678Z}) and NIE ({@code X1234567L}): the letter is the number mod 23. */
    static boolean spanishId(String id) {
        String s = id.replace("-", "");
        if (s.length() != 9) {
            return false;
        }
        char first = s.charAt(0);
        String digits = switch (first) {
            case 'X' -> "0" + s.substring(1, 8);
            case 'Y' -> "1" + s.substring(1, 8);
            case 'Z' -> "2" + s.substring(1, 8);
            default -> s.substring(0, 8);
        };
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return false;
            }
        }
        return DNI_LETTERS.charAt(Integer.parseInt(digits) % 23) == s.charAt(8);
    }

    /** Italian codice fiscale: the 16th character is a weighted sum of the first 15 mod 26. */
    static boolean italianFiscalCode(String cf) {
        if (cf.length() != 16) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = cf.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A';
            if (v < 0 || v > 25) {
                return false;
            }
            sum += i % 2 == 0 ? CF_ODD[v] : v;
        }
        return cf.charAt(15) == (char) ('A' + sum % 26);
    }

    /** French NIR (numéro de sécurité sociale): 13 characters and a key of 97 minus the number mod 97. */
    static boolean frenchNir(String compact) {
        if (compact.length() != 15) {
            return false;
        }
        String body = compact.substring(0, 13).replace("2A", "19").replace("2B", "18");
        for (int i = 0; i < body.length(); i++) {
            if (!Character.isDigit(body.charAt(i))) {
                return false;
            }
        }
        int key = Integer.parseInt(compact.substring(13));
        return key == 97 - (int) (Long.parseLong(body) % 97);
    }

    /** Polish PESEL: a weighted check digit and a month field that encodes the century. */
    static boolean pesel(String digits) {
        if (digits.length() != 11) {
            return false;
        }
        int month = Integer.parseInt(digits.substring(2, 4)) % 20;
        int day = Integer.parseInt(digits.substring(4, 6));
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (digits.charAt(i) - '0') * PESEL_WEIGHTS[i];
        }
        return (10 - sum % 10) % 10 == digits.charAt(10) - '0';
    }

    /** Shannon entropy in bits per character. */
    static double entropy(CharSequence s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        int n = s.length();
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        if (other > 0) {
            double p = (double) other / n;
            h -= p * Math.log(p);
        }
        return h / Math.log(2);
    }
}
