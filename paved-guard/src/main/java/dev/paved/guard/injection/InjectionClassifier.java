package dev.paved.guard.injection;

/** The learned layer of the injection detector: a probability that a (normalised) text is an injection. */
public interface InjectionClassifier {
    /** A short name for reports: {@code hashed-lr}, {@code onnx}. */
    String name();

    /** The reason code of its findings. */
    default String code() {
        return "injection.classifier";
    }

    /**
     * The probability in [0, 1], rescaled so that 0.5 is the operating point the model was calibrated for.
     *
     * @param normalized the text after {@link TextNormalizer#normalize}
     */
    double score(String normalized);
}
