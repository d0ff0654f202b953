package dev.paved.guard.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains {@link LogisticModel}s deterministically: AdaGrad stochastic gradient descent with L2
 * regularisation and class-balanced example weights, a fixed shuffle seed, and an operating threshold picked
 * from out-of-fold predictions so that the false-positive rate on the benign training rows stays under a
 * target. Same data and settings give bit-identical weights.
 */
public final class LogisticTrainer {
    /** Training settings; {@link #defaults()} are what the bundled model was trained with. */
    public record Settings(int bits, int epochs, double learningRate, double l2, long seed, int folds, double targetFpr) {
        public static Settings defaults() {
            return new Settings(18, 15, 0.1, 1e-4, 20260701L, 5, 0.02);
        }
    }

    /** A labelled example. */
    public record Example(String text, boolean injection) {
    }

    /** The model and the cross-validated figures that chose its threshold. */
    public record Result(LogisticModel model, double cvTpr, double cvFpr, double[] outOfFold) {
    }

    private final Settings settings;

    public LogisticTrainer(Settings settings) {
        this.settings = settings;
    }

    /**
     * Cross-validates to pick the threshold, then trains on all examples.
     *
     * @param dataDigest recorded in the model file (e.g. the SHA-256 of the training file)
     */
    public Result train(List<Example> examples, String dataDigest) {
        HashedFeatures f = new HashedFeatures(settings.bits());
        List<HashedFeatures.Vector> vectors = new ArrayList<>(examples.size());
        for (Example e : examples) {
            vectors.add(f.vectorize(TextNormalizer.normalize(e.text())));
        }
        Fit fit = fitWithThreshold(vectors, examples, f.dimensions());
        return new Result(new LogisticModel(f, fit.weights(), fit.bias(), fit.threshold(), dataDigest), fit.cvTpr(), fit.cvFpr(), fit.outOfFold());
    }

    /** Weights, bias and threshold over any feature vectors, with the cross-validated figures. */
    public record Fit(float[] weights, double bias, double threshold, double cvTpr, double cvFpr, double[] outOfFold) {
    }

    /**
     * Cross-validates on {@code vectors} (one per example, indexes below {@code dims}) to pick the threshold, then
     * fits on all of them.
     */
    public Fit fitWithThreshold(List<HashedFeatures.Vector> vectors, List<Example> examples, int dims) {
        return fitWithThreshold(vectors, examples, dims, vectors.stream().map(List::of).toList());
    }

    /**
     * As {@link #fitWithThreshold(List, List, int)}, but an example is scored as the highest score among its
     * {@code views} (e.g. the whole text and each of its sentences), the way the model is used at inference, so the
     * threshold is picked for that use. Training uses {@code vectors} (the whole texts) only.
     */
    public Fit fitWithThreshold(List<HashedFeatures.Vector> vectors, List<Example> examples, int dims, List<List<HashedFeatures.Vector>> views) {
        if (views.size() != examples.size() || vectors.size() != examples.size()) {
            throw new IllegalArgumentException("one vector and one list of views per example");
        }
        double[] oof = new double[examples.size()];
        for (int fold = 0; fold < settings.folds(); fold++) {
            List<Integer> trainIdx = new ArrayList<>();
            List<Integer> testIdx = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                (i % settings.folds() == fold ? testIdx : trainIdx).add(i);
            }
            Weights w = fit(dims, vectors, examples, trainIdx);
            for (int i : testIdx) {
                double best = 0;
                for (HashedFeatures.Vector v : views.get(i)) {
                    best = Math.max(best, w.probability(v));
                }
                oof[i] = best;
            }
        }
        double threshold = pickThreshold(oof, examples);
        int tp = 0;
        int pos = 0;
        int fp = 0;
        int neg = 0;
        for (int i = 0; i < oof.length; i++) {
            boolean hit = oof[i] >= threshold;
            if (examples.get(i).injection()) {
                pos++;
                tp += hit ? 1 : 0;
            } else {
                neg++;
                fp += hit ? 1 : 0;
            }
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            all.add(i);
        }
        Weights w = fit(dims, vectors, examples, all);
        return new Fit(w.weights, w.bias, threshold, pos == 0 ? 0 : (double) tp / pos, neg == 0 ? 0 : (double) fp / neg, oof);
    }

    /** The lowest threshold whose out-of-fold false-positive rate is at most the target. */
    private double pickThreshold(double[] oof, List<Example> examples) {
        List<Double> benign = new ArrayList<>();
        for (int i = 0; i < oof.length; i++) {
            if (!examples.get(i).injection()) {
                benign.add(oof[i]);
            }
        }
        benign.sort(null);
        if (benign.isEmpty()) {
            return 0.5;
        }
        int allowed = (int) Math.floor(benign.size() * settings.targetFpr());
        double t = benign.get(benign.size() - 1 - allowed) + 1e-6;
        return Math.min(0.99, Math.max(0.01, t));
    }

    private static final class Weights {
        final float[] weights;
        double bias;

        Weights(int dims) {
            weights = new float[dims];
        }

        double probability(HashedFeatures.Vector v) {
            double z = bias;
            for (int i = 0; i < v.index().length; i++) {
                z += weights[v.index()[i]] * v.value()[i];
            }
            return 1 / (1 + Math.exp(-z));
        }
    }

    private Weights fit(int dims, List<HashedFeatures.Vector> vectors, List<Example> examples, List<Integer> idx) {
        Weights w = new Weights(dims);
        float[] g2 = new float[dims];
        double biasG2 = 0;
        long positives = idx.stream().filter(i -> examples.get(i).injection()).count();
        double posWeight = positives == 0 ? 1 : (idx.size() - positives) / (double) positives;
        Random random = new Random(settings.seed());
        List<Integer> order = new ArrayList<>(idx);
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            java.util.Collections.shuffle(order, random);
            for (int i : order) {
                HashedFeatures.Vector v = vectors.get(i);
                boolean y = examples.get(i).injection();
                double err = (w.probability(v) - (y ? 1 : 0)) * (y ? posWeight : 1);
                for (int k = 0; k < v.index().length; k++) {
                    int j = v.index()[k];
                    double g = err * v.value()[k] + settings.l2() * w.weights[j];
                    g2[j] += (float) (g * g);
                    w.weights[j] -= (float) (settings.learningRate() * g / Math.sqrt(g2[j] + 1e-8));
                }
                biasG2 += err * err;
                w.bias -= settings.learningRate() * err / Math.sqrt(biasG2 + 1e-8);
            }
        }
        return w;
    }
}
