package dev.paved.guard.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paved.guard.Action;
import dev.paved.guard.DetectorScanner;
import dev.paved.guard.ScanContext;
import dev.paved.guard.Scanner;
import dev.paved.guard.Stage;
import dev.paved.guard.pii.PiiDetector;
import dev.paved.guard.pii.PiiType;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputScannersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void toxicityFindsListedWordsIncludingLeetAndTenantTerms() {
        Scanner s = new DetectorScanner("toxicity", new ToxicityDetector(List.of("frobnicate")), Action.BLOCK, 0.5);
        assertThat(s.scan("You are a complete asshole.", ScanContext.of(Stage.OUTPUT)).reasonCodes()).containsExactly("output.toxicity");
        assertThat(s.scan("sh1t happens", ScanContext.of(Stage.OUTPUT)).blocked()).isTrue();
        assertThat(s.scan("do not frobnicate", ScanContext.of(Stage.OUTPUT)).blocked()).isTrue();
        assertThat(s.scan("Scunthorpe is a town; the class passes.", ScanContext.of(Stage.OUTPUT)).blocked()).isFalse();
    }

    @Test
    void secretLeakBlocksKeysInAnswers() {
        Scanner s = new DetectorScanner("secrets", new PiiDetector(EnumSet.of(PiiType.SECRET), "US"), Action.BLOCK, 0.5);
        assertThat(s.scan("Use the key sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345 for that.", ScanContext.of(Stage.OUTPUT)).reasonCodes())
                .containsExactly("secret");
        assertThat(s.scan("Use your own API key from the console.", ScanContext.of(Stage.OUTPUT)).blocked()).isFalse();
    }

    @Test
    void schemaValidationAcceptsValidAnswers() throws Exception {
        StructuredOutputValidator v = new StructuredOutputValidator(JSON.readTree(
                "{\"type\":\"object\",\"required\":[\"name\",\"age\"],\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}}}"));
        assertThat(v.validate("{\"name\":\"Ann\",\"age\":3}", null).valid()).isTrue();
        StructuredOutputValidator.Result bad = v.validate("{\"name\":\"Ann\",\"age\":\"three\"}", StructuredOutputValidator.EXTRACT_JSON);
        assertThat(bad.valid()).isFalse();
        assertThat(bad.errors()).isNotEmpty().allSatisfy(e -> assertThat(e).doesNotContain("three"));
    }

    @Test
    void oneRepairAttemptIsMadeAndUsed() throws Exception {
        StructuredOutputValidator v = new StructuredOutputValidator(JSON.readTree("{\"type\":\"object\",\"required\":[\"ok\"]}"));
        StructuredOutputValidator.Result r = v.validate("Sure! Here it is:\n```json\n{\"ok\": true}\n```", StructuredOutputValidator.EXTRACT_JSON);
        assertThat(r.valid()).isTrue();
        assertThat(r.repaired()).isTrue();
        assertThat(r.text()).isEqualTo("{\"ok\": true}");
        int[] calls = {0};
        StructuredOutputValidator.Result failed = v.validate("nope", (invalid, errors) -> {
            calls[0]++;
            return "still not json";
        });
        assertThat(failed.valid()).isFalse();
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void nonJsonAnswersAreOneError() throws Exception {
        StructuredOutputValidator v = new StructuredOutputValidator(JSON.readTree("{\"type\":\"object\"}"));
        assertThat(v.errors("I cannot do that")).containsExactly("output is not JSON");
    }
}
