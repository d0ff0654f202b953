package dev.paved.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static final TokenCounter WORDS = TokenCounter.words();

    /** A Markdown-like document: headings, paragraphs of sentences, a very long "word" and odd whitespace. */
    static String document(long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < 6; s++) {
            b.append("## Section ").append(s).append("\n\n");
            for (int p = 0; p < 1 + r.nextInt(4); p++) {
                for (int k = 0; k < 1 + r.nextInt(8); k++) {
                    int words = 3 + r.nextInt(40);
                    for (int w = 0; w < words; w++) {
                        b.append("w").append(r.nextInt(1000)).append(w + 1 < words ? " " : "");
                    }
                    b.append(r.nextBoolean() ? ". " : "? ");
                }
                b.append(r.nextBoolean() ? "\n\n" : "\n \t\n");
            }
        }
        b.append("x".repeat(300)).append(" tail end.");
        return b.toString();
    }

    @ParameterizedTest
    @EnumSource(ChunkingStrategy.class)
    void everyStrategyKeepsEveryCharacterAndTheBudget(ChunkingStrategy strategy) {
        for (long seed = 1; seed <= 20; seed++) {
            String text = document(seed);
            ChunkingConfig config = new ChunkingConfig(strategy, 24, 6, 1, 60);
            List<ChunkDraft> chunks = Chunker.of(config, WORDS).chunk(text);
            assertCoversAllText(text, chunks);
            for (ChunkDraft c : chunks) {
                assertThat(c.text()).isEqualTo(text.substring(c.start(), c.end()));
                assertThat(c.tokens()).isEqualTo(WORDS.count(c.text())).isLessThanOrEqualTo(24);
                assertThat(c.text()).isNotBlank().isEqualTo(c.text().strip());
            }
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(chunks.get(i).ordinal()).isEqualTo(i);
            }
        }
    }

    @Test
    void recursiveChunksOverlapTheirPredecessorWithinTheOverlapBudget() {
        String text = document(7);
        List<ChunkDraft> chunks = Chunker.of(new ChunkingConfig(ChunkingStrategy.RECURSIVE, 30, 8, 1, 60), WORDS).chunk(text);
        int overlapping = 0;
        for (int i = 1; i < chunks.size(); i++) {
            ChunkDraft prev = chunks.get(i - 1);
            ChunkDraft cur = chunks.get(i);
            if (cur.start() < prev.end()) {
                overlapping++;
                assertThat(WORDS.count(text.substring(cur.start(), prev.end()))).isLessThanOrEqualTo(8);
            }
        }
        assertThat(overlapping).isPositive();
    }

    @Test
    void recursiveSplittingPrefersHeadingsAndParagraphs() {
        String text = "# A\n\nalpha beta gamma delta.\n\n# B\n\nepsilon zeta eta theta.";
        List<ChunkDraft> chunks = Chunker.of(new ChunkingConfig(ChunkingStrategy.RECURSIVE, 8, 0, 1, 60), WORDS).chunk(text);
        assertThat(chunks).extracting(ChunkDraft::text)
                .containsExactly("# A\n\nalpha beta gamma delta.", "# B\n\nepsilon zeta eta theta.");
    }

    @Test
    void sentenceWindowReturnsNeighbouringSentencesAsContext() {
        String text = "One is first. Two is second. Three is third. Four is fourth.";
        List<ChunkDraft> chunks = Chunker.of(new ChunkingConfig(ChunkingStrategy.SENTENCE_WINDOW, 20, 0, 1, 60), WORDS).chunk(text);
        assertThat(chunks).extracting(ChunkDraft::text)
                .containsExactly("One is first.", "Two is second.", "Three is third.", "Four is fourth.");
        assertThat(chunks.get(1).context()).isEqualTo("One is first. Two is second. Three is third.");
        assertThat(chunks.get(0).context()).isEqualTo("One is first. Two is second.");
    }

    @Test
    void parentDocumentChildrenPointAtTheirParentSection() {
        String text = document(3);
        List<ChunkDraft> chunks = Chunker.of(new ChunkingConfig(ChunkingStrategy.PARENT_DOCUMENT, 10, 0, 1, 80), WORDS).chunk(text);
        for (ChunkDraft c : chunks) {
            assertThat(c.parent()).isGreaterThanOrEqualTo(0);
            assertThat(c.context()).contains(c.text());
            assertThat(WORDS.count(c.context())).isLessThanOrEqualTo(80);
        }
        assertThat(chunks.stream().map(ChunkDraft::parent).distinct().count()).isGreaterThan(1).isLessThan(chunks.size());
    }

    @Test
    void blankTextHasNoChunks() {
        for (ChunkingStrategy s : ChunkingStrategy.values()) {
            assertThat(Chunker.of(ChunkingConfig.defaults().withStrategy(s), WORDS).chunk(" \n\t ")).isEmpty();
        }
    }

    static void assertCoversAllText(String text, List<ChunkDraft> chunks) {
        boolean[] covered = new boolean[text.length()];
        for (ChunkDraft c : chunks) {
            for (int i = c.start(); i < c.end(); i++) {
                covered[i] = true;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                assertThat(covered[i]).as("character %d ('%s') is in a chunk", i, text.charAt(i)).isTrue();
            }
        }
    }
}
