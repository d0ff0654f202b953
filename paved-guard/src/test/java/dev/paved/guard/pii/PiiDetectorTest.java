package dev.paved.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiDetectorTest {
    private final PiiDetector detector = new PiiDetector();

    private List<PiiType> types(String text) {
        return detector.find(text).stream().map(PiiMatch::type).toList();
    }

    @ParameterizedTest(name = "{0} in \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "EMAIL|write to jane.doe+news@mail.example.org today",
            "CREDIT_CARD|card 4111 1111 1111 1111 exp 12/29",
            "CREDIT_CARD|card 4111-1111-1111-1111",
            "CREDIT_CARD|amex 378282246310005",
            "IBAN|IBAN DE89 3704 0044 0532 0130 00 please",
            "IBAN|iban gb82west12345698765432",
            "US_SSN|ssn 123-45-6789",
            "US_SSN|my social security number is 123456789",
            "ES_DNI|DNI 12345678Z",
            "ES_DNI|NIE X1234567L",
            "IT_FISCAL_CODE|codice fiscale RSSMRA85T10A562S",
            "FR_NIR|numéro 1 85 05 78 006 084 91",
            "PL_PESEL|PESEL 44051401458",
            "IP_ADDRESS|server at 192.168.10.42 is down",
            "IP_ADDRESS|v6 2001:db8:85a3::8a2e:370:7334 answers",
            "PHONE|call +49 30 901820 now",
            "PHONE|call (415) 555-2671 now",
            "SECRET|key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789",
            "SECRET|token ghp_0123456789abcdefghijklmnopqrstuvwxyz",
            "SECRET|AKIAIOSFODNN7EXAMPLE is the id",
            "SECRET|password: Hunter2!x",
            "SECRET|here qZ8v0Lr3TnW5pXc1Yb7Hk2Jm9Df4Gs6A",
    })
    void findsEachType(PiiType expected, String text) {
        assertThat(types(text)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "card 4111 1111 1111 1112",             // Luhn fails
            "IBAN DE89 3704 0044 0532 0130 01",     // MOD-97 fails
            "DNI 12345678A",                        // wrong letter
            "ssn 000-12-3456",                      // invalid area
            "version 1.2.3 released on 2024-03-05",
            "order 2024-118-5531 shipped",
            "the commit a3f5c9e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2 is fine",
            "the password is incorrect",
            "room 4.12 at 14:30",
    })
    void ignoresLookAlikes(String text) {
        assertThat(detector.find(text)).allSatisfy(m -> assertThat(m.score()).as(m.toString()).isLessThan(0.5));
    }

    @Test
    void overlappingMatchesKeepTheValidatedOne() {
        List<PiiMatch> m = detector.find("IBAN GB82WEST12345698765432");
        assertThat(m).singleElement().extracting(PiiMatch::type).isEqualTo(PiiType.IBAN);
    }

    @Test
    void aConfiguredSubsetFindsOnlyThoseTypes() {
        PiiDetector emailsOnly = new PiiDetector(java.util.EnumSet.of(PiiType.EMAIL), "US");
        assertThat(emailsOnly.find("a@b.io and 4111 1111 1111 1111")).extracting(PiiMatch::type).containsExactly(PiiType.EMAIL);
    }

    @Test
    void spansPointAtTheValue() {
        String text = "mail me: joe@example.com!";
        PiiMatch m = detector.find(text).get(0);
        assertThat(text.substring(m.start(), m.end())).isEqualTo("joe@example.com");
    }

    @Test
    void theOnePassPrefixGateAgreesWithSearchingForEachPrefixAtATokenStart() {
        java.util.List<String> prefixes = java.util.List.of("sk-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "AKIA", "ASIA",
                "AGPA", "AIDA", "AROA", "xox", "AIza", "glpat-", "sk_", "rk_", "hf_", "pk_", "pa_", "eyJ");
        String[] pieces = {"sk-", "ghp_", "github_pat_", "AKIA", "xox", "glpat-", "pa_", "eyJ", "-----BEGIN", "a", "Z", "9", "_", "-", " ",
                "(", "\"", "é", "\n", "ask", "s", "k", "."};
        java.util.Random rnd = new java.util.Random(7);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder();
            for (int k = rnd.nextInt(6); k > 0; k--) {
                b.append(pieces[rnd.nextInt(pieces.length)]);
            }
            String text = b.toString();
            boolean expected = text.contains("-----BEGIN") || prefixes.stream()
                    .anyMatch(p -> java.util.regex.Pattern.compile("(?<![A-Za-z0-9_-])" + java.util.regex.Pattern.quote(p)).matcher(text).find());
            assertThat(SecretPatterns.hasKnownPrefix(text)).as("'%s'", text).isEqualTo(expected);
        }
    }
}
