package dev.paved.rag.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.rag.Tokens;
import dev.paved.rag.context.SourceFraming;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveAnswererTest {
    private final ExtractiveAnswerer answerer = new ExtractiveAnswerer(Tokens.bpe(), 3);

    private static String message(String question, String... texts) {
        List<String> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            blocks.add(SourceFraming.block(i + 1, "T" + (i + 1), "d" + (i + 1), texts[i]));
        }
        return SourceFraming.userMessage(blocks, null, question);
    }

    @Test
    void quotesTheBestSupportedSentenceWithItsSourceNumber() {
        String user = message("How long do EU customers have to request a refund?",
                "Our office is in Berlin. Coffee is free on Fridays.",
                "Customers in the EU may request a refund within 30 days of delivery. Outside the EU the window is 14 days.");
        ExtractiveAnswerer.Answer a = answerer.answer(user, 200);
        assertThat(a.text()).startsWith(ExtractiveAnswerer.HEADER)
                .contains("Customers in the EU may request a refund within 30 days of delivery. [2]")
                .doesNotContain("Coffee");
        assertThat(a.quotes()).allMatch(q -> q.source() == 2);
    }

    @Test
    void saysSoWhenNothingMatches() {
        ExtractiveAnswerer.Answer a = answerer.answer(message("What is the airspeed of a swallow?", "Refunds take 30 days."), 200);
        assertThat(a.text()).isEqualTo(ExtractiveAnswerer.NO_ANSWER);
        assertThat(a.quotes()).isEmpty();
    }

    @Test
    void staysWithinTheTokenLimitAndTheSentenceCount() {
        String text = ("Refund rules apply to every order placed online. ").repeat(1) + "Refund requests need the order number. "
                + "Refund payments go back to the original card. Refund status is shown in the account. Refund fees never apply.";
        ExtractiveAnswerer.Answer a = answerer.answer(message("refund", text), 1000);
        assertThat(a.quotes()).hasSizeLessThanOrEqualTo(3);
        ExtractiveAnswerer.Answer small = answerer.answer(message("refund", text), 25);
        assertThat(small.quotes()).hasSize(1);
    }

    @Test
    void withoutSourcesThereIsNoAnswer() {
        assertThat(answerer.answer("What is the refund policy?", 100).text()).isEqualTo(ExtractiveAnswerer.NO_ANSWER);
    }
}
