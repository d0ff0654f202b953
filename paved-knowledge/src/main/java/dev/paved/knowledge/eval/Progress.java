package dev.paved.knowledge.eval;

/** Reports how far a long run is, for a progress bar. */
@FunctionalInterface
public interface Progress {

    void update(String phase, long done, long total);

    static Progress none() {
        return (phase, done, total) -> {
        };
    }
}
