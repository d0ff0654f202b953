package dev.paved.cli;

import java.io.PrintStream;

/** A one-line progress bar redrawn in place on a terminal stream: {@code ingest [#####-----] 50/100}. */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private String lastLine = "";

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    void update(String phase, long done, long total) {
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, done * WIDTH / total);
        String line = String.format("%-8s [%s%s] %d/%d", phase, "#".repeat(filled), "-".repeat(WIDTH - filled), done, total);
        if (!line.equals(lastLine)) {
            out.print("\r" + line);
            out.flush();
            lastLine = line;
        }
    }

    /** Ends the current line so that later output starts on a fresh one. */
    void finish() {
        if (!lastLine.isEmpty()) {
            out.println();
            lastLine = "";
        }
    }
}
