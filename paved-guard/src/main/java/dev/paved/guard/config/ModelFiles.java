package dev.paved.guard.config;

import dev.paved.guard.injection.EmbeddingClassifier;
import dev.paved.guard.injection.JointClassifier;
import dev.paved.guard.injection.LogisticModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/** Classifier files named in the configuration ({@code model: PATH}), loaded once per path. */
final class ModelFiles {
    private static final ConcurrentHashMap<String, Object> LOADED = new ConcurrentHashMap<>();

    private ModelFiles() {
    }

    static LogisticModel hashed(String path) {
        return (LogisticModel) LOADED.computeIfAbsent("hashed:" + path, k -> load(path, "hashed"));
    }

    static EmbeddingClassifier embedding(String path) {
        return (EmbeddingClassifier) LOADED.computeIfAbsent("embedding:" + path, k -> load(path, "embedding"));
    }

    static JointClassifier joint(String path) {
        return (JointClassifier) LOADED.computeIfAbsent("joint:" + path, k -> load(path, "joint"));
    }

    private static Object load(String path, String kind) {
        Path p = Path.of(path);
        try (InputStream in = Files.newInputStream(p)) {
            return switch (kind) {
                case "hashed" -> LogisticModel.read(in);
                case "embedding" -> EmbeddingClassifier.read(in);
                default -> JointClassifier.read(in);
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot load the injection model " + p.toAbsolutePath() + " (" + e.getMessage()
                    + "); write one with 'paved guard train" + (kind.equals("hashed") ? "" : " --kind " + kind) + "'");
        }
    }
}
