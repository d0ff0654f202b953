package dev.paved.guard.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.guard.Action;
import dev.paved.guard.DetectorScanner;
import dev.paved.guard.GuardChain;
import dev.paved.guard.ScanContext;
import dev.paved.guard.Stage;
import dev.paved.guard.pii.PiiDetector;
import dev.paved.guard.pii.PiiType;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleasePointTest {
    /** The text with {@code |} where the release point must be; the bar is removed before the call. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '\'', value = {
            "'The capital of |Pe'",
            "'The capital of Peru |is'",
            "'The capital of Peru is |'",
            "'Mail |jane@exa'",
            "'card |4111 1111 11'",
            "'card |4111 1111 1111 1111 '",
            "'card 4111 1111 1111 1111 and |th'",
            "'card 4111 1111 1111 1111\n|x'",
            "'card 4111 1111 1111 1111   |x'",
            "'Pay to |DE89 3704 0044 05'",
            "'Pay to |GB82 WEST 1234 '",
            "'Pay to |gb82 west 1234 '",
            "'Pay to |gb82 west '",
            "'Pay to |gb82 west 1234 5698 7654 3'",
            "'Pay to |nl91 abna 0417 1643 00'",
            "'Code ab12 is the |wo'",
            "'ab12 word1 this is |it'",
            "'a gb82 west\n|x'",
            "'|IBAN DE89 3704'",
            "'call |+1 (415) 555'",
            "'|-----BEGIN RSA PRIV'",
            "'Here: |-----BEGIN RSA PRIV'",
            "'我的邮箱|是'",
            "'邮箱|是jane@exam'",
    })
    void holdsTheOpenWordAndValueGroupsBeforeIt(String marked) {
        String text = marked.replace("|", "");
        int expected = marked.indexOf('|');
        assertThat(ReleasePoint.releasable(text)).as(marked).isEqualTo(expected);
    }

    @Test
    void theOpenRunIsTheLastWordUnlessTheTextEndsInWhiteSpace() {
        assertThat(ReleasePoint.openStart("")).isZero();
        assertThat(ReleasePoint.openStart("ab cd")).isEqualTo(3);
        assertThat(ReleasePoint.openStart("ab cd\n")).isEqualTo(6);
        assertThat(ReleasePoint.openStart("word")).isZero();
    }

    @Test
    void spansOfALaterScannerAreMappedBackThroughEarlierRedactions() {
        GuardChain chain = new GuardChain(List.of(
                new DetectorScanner("pii", new PiiDetector(EnumSet.of(PiiType.EMAIL), "US"), Action.REDACT, 0.5),
                new DetectorScanner("secrets", new PiiDetector(EnumSet.of(PiiType.SECRET), "US"), Action.REDACT, 0.5)));
        String text = "a@example.com b@example.com then ghp_0123456789abcdefghijklmnopqrstuvwxyz end";
        GuardChain.Outcome o = chain.run(text, ScanContext.of(Stage.OUTPUT));
        List<ChainSpans.Span> spans = ChainSpans.of(o, text);
        int key = text.indexOf("ghp_");
        assertThat(spans).containsExactly(new ChainSpans.Span(0, 13), new ChainSpans.Span(14, 27),
                new ChainSpans.Span(key, key + 40));
    }
}
