// Which text form of a question the semantic cache can compare: bge-small-en-v1.5 vectors of the question as it is
// (what gateway chat entries use) against the question with the model's retrieval instruction (embedQuery, what
// RAG entries use since they share the vector with retrieval; ADR 0013). For hand-written pairs of paraphrases (a hit
// is right) and of near misses (similar wording, another answer: a hit is wrong), it prints both similarities and how
// many pairs each form would serve at the default threshold (0.93) and the offline one (0.88), and the similarity of
// one question's two forms (why the form must be part of the scope). Run through bench/query-forms.sh.

import dev.paved.embedding.EmbeddingModel;
import dev.paved.embedding.EmbeddingModels;
import java.util.List;
import java.util.Locale;

public class QueryForms {
    static final String[][] PARAPHRASES = {
        {"How many days do customers in the European Union have to return an item?", "How long do EU customers have to return an item?"},
        {"Which items cannot be refunded?", "What items are not eligible for a refund?"},
        {"How long does standard shipping within Germany take?", "How many days does standard delivery in Germany take?"},
        {"Who pays customs duties for orders to Norway?", "Who is responsible for customs fees on Norwegian orders?"},
        {"How do I reset my password on the mobile app?", "How can I reset my password in the mobile app?"},
        {"What is the capital city of France?", "What's the capital of France?"},
        {"Which plan includes priority support?", "Which subscription plan comes with priority support?"},
        {"How do I cancel my subscription?", "How can I cancel my subscription?"},
        {"Can I change my delivery address after ordering?", "Is it possible to change the shipping address after I placed an order?"},
        {"What payment methods do you accept?", "Which payment methods are accepted?"},
        {"How long is the warranty on footwear?", "What is the warranty period for shoes?"},
        {"What are the live chat hours?", "When is live chat available?"},
    };
    static final String[][] NEAR_MISSES = {
        {"How many days do customers in the European Union have to return an item?", "How long do customers outside the EU have to request a refund?"},
        {"How long does standard shipping within Germany take?", "How long does express shipping within Germany take?"},
        {"How long does standard shipping within Germany take?", "How long does standard shipping to Austria take?"},
        {"Who pays customs duties for orders to Norway?", "Who pays customs duties for orders to Switzerland?"},
        {"How do I reset my password on the mobile app?", "How do I reset my password on the website?"},
        {"What is the capital city of France?", "What is the capital city of Germany?"},
        {"Which plan includes priority support?", "Which plan includes single sign-on?"},
        {"How do I cancel my subscription?", "How do I renew my subscription?"},
        {"Can I change my delivery address after ordering?", "Can I change my payment method after ordering?"},
        {"What payment methods do you accept?", "What currencies do you accept?"},
        {"Which items cannot be refunded?", "Which items can be refunded?"},
        {"How many vacation days do employees get?", "How many sick days do employees get?"},
        {"How long is the warranty on footwear?", "How long is the warranty on tents?"},
        {"What are the live chat hours?", "What are the phone support hours?"},
    };

    public static void main(String[] args) {
        EmbeddingModel m = EmbeddingModels.get("bge-small-en-v1.5");
        double cross = 0;
        int n = 0;
        for (String[][] set : List.of(PARAPHRASES, NEAR_MISSES)) {
            boolean para = set == PARAPHRASES;
            System.out.println(para ? "paraphrases (a hit is right)" : "near misses (a hit is a wrong answer)");
            System.out.println("  text    search  pair");
            int[] text = new int[2], search = new int[2];
            double sumText = 0, sumSearch = 0;
            for (String[] p : set) {
                float[] a0 = m.embed(List.of(p[0])).get(0), b0 = m.embed(List.of(p[1])).get(0);
                float[] a1 = m.embedQuery(p[0]), b1 = m.embedQuery(p[1]);
                double t = dot(a0, b0), s = dot(a1, b1);
                sumText += t;
                sumSearch += s;
                cross += dot(a0, a1) + dot(b0, b1);
                n += 2;
                count(text, t);
                count(search, s);
                System.out.printf(Locale.ROOT, "  %.4f  %.4f  %s | %s%n", t, s, p[0], p[1]);
            }
            System.out.printf(Locale.ROOT, "  mean: text %.4f, search %.4f; served at 0.93: text %d, search %d of %d; at 0.88: text %d, search %d%n",
                    sumText / set.length, sumSearch / set.length, text[0], search[0], set.length, text[1], search[1]);
        }
        System.out.printf(Locale.ROOT, "one question, text form against search form: mean cosine %.4f over %d questions%n", cross / n, n);
    }

    static void count(int[] served, double sim) {
        served[0] += sim >= 0.93 ? 1 : 0;
        served[1] += sim >= 0.88 ? 1 : 0;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
