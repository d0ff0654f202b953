package dev.paved.guard.config;

import dev.paved.guard.Action;
import dev.paved.guard.DetectorScanner;
import dev.paved.guard.Scanner;
import dev.paved.guard.Stage;
import dev.paved.guard.injection.EmbeddingClassifier;
import dev.paved.guard.injection.InjectionClassifier;
import dev.paved.guard.injection.InjectionDetector;
import dev.paved.guard.injection.JointClassifier;
import dev.paved.guard.injection.LogisticModel;
import dev.paved.guard.pii.PiiDetector;
import dev.paved.guard.pii.PiiType;
import dev.paved.guard.policy.AllowedLanguagesDetector;
import dev.paved.guard.policy.DeniedTopicsDetector;
import dev.paved.guard.policy.MaxSizeDetector;
import dev.paved.guard.policy.ModelDataClassDetector;
import dev.paved.guard.output.ToxicityDetector;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds scanners from their configuration and checks it: unknown scanners, options, stages and actions are
 * {@link IllegalArgumentException}s whose message says what is valid.
 */
public final class ScannerFactory {
    /** Scanner names, with the stages each may run at. */
    public static final Map<String, Set<Stage>> SCANNERS = Map.of(
            "pii", EnumSet.allOf(Stage.class),
            "secrets", EnumSet.allOf(Stage.class),
            "injection", EnumSet.of(Stage.INPUT, Stage.RETRIEVED),
            "denied_topics", EnumSet.allOf(Stage.class),
            "language", EnumSet.of(Stage.INPUT, Stage.OUTPUT),
            "max_size", EnumSet.of(Stage.INPUT, Stage.RETRIEVED),
            "model_data_class", EnumSet.of(Stage.INPUT),
            "toxicity", EnumSet.of(Stage.INPUT, Stage.OUTPUT),
            "json_schema", EnumSet.of(Stage.OUTPUT));

    /** PII types the {@code pii} scanner looks for unless {@code types} says otherwise: all but secrets. */
    public static final Set<PiiType> DEFAULT_PII = EnumSet.complementOf(EnumSet.of(PiiType.SECRET));

    private ScannerFactory() {
    }

    /** The scanner for {@code spec} at {@code stage}; {@code json_schema} is not a text scanner and is refused here. */
    public static Scanner build(Stage stage, ScannerSpec spec) {
        String name = spec.scanner();
        Set<Stage> stages = SCANNERS.get(name);
        if (stages == null) {
            throw new IllegalArgumentException("unknown scanner '" + name + "'; valid: " + String.join(", ", SCANNERS.keySet().stream().sorted().toList()));
        }
        if (!stages.contains(stage)) {
            throw new IllegalArgumentException("scanner '" + name + "' does not run at the " + stage.id() + " stage; it runs at "
                    + String.join(", ", stages.stream().map(Stage::id).toList()));
        }
        double threshold = spec.threshold() == null ? 0.5 : spec.threshold();
        return switch (name) {
            case "pii" -> {
                Options o = new Options(name, spec.options(), Set.of("types", "phone_region"));
                Set<PiiType> types = EnumSet.noneOf(PiiType.class);
                for (String t : o.strings("types", DEFAULT_PII.stream().map(PiiType::id).toList())) {
                    types.add(PiiType.parse(t));
                }
                yield new DetectorScanner(name, new PiiDetector(types, o.string("phone_region", "US")), action(spec, Action.REDACT), threshold);
            }
            case "secrets" -> {
                new Options(name, spec.options(), Set.of());
                yield new DetectorScanner(name, new PiiDetector(EnumSet.of(PiiType.SECRET), "US"), action(spec, Action.BLOCK), threshold);
            }
            case "injection" -> {
                Options o = new Options(name, spec.options(), Set.of("rules", "classifier", "model"));
                // Rules only unless asked: the bundled model learned from a small set whose benign rows are mostly
                // questions, so it over-flags short imperatives ("Say something."); see docs/guardrails.md.
                String c = o.string("classifier", "none");
                String model = o.string("model", null);
                if (model != null && !(c.equals("hashed") || c.equals("embedding") || c.equals("joint"))) {
                    throw new IllegalArgumentException("option 'model' of scanner 'injection' needs classifier: hashed, embedding or joint");
                }
                List<InjectionClassifier> classifiers = switch (c) {
                    case "none" -> List.of();
                    case "hashed", "bundled" -> List.of(model == null ? LogisticModel.bundled() : ModelFiles.hashed(model));
                    case "embedding" -> List.of(model == null ? EmbeddingClassifier.bundled() : ModelFiles.embedding(model));
                    case "joint" -> List.of(model == null ? JointClassifier.bundled() : ModelFiles.joint(model));
                    case "all" -> List.of(LogisticModel.bundled(), EmbeddingClassifier.bundled(), JointClassifier.bundled());
                    default -> throw new IllegalArgumentException("option 'classifier' of scanner 'injection' must be none, hashed, embedding, joint or all, got '"
                            + c + "'");
                };
                yield new DetectorScanner(name, new InjectionDetector(o.bool("rules", true), classifiers), action(spec, Action.BLOCK), threshold);
            }
            case "denied_topics" -> {
                Options o = new Options(name, spec.options(), Set.of("topics"));
                Map<String, List<String>> topics = o.stringLists("topics");
                if (topics.isEmpty()) {
                    throw new IllegalArgumentException("scanner 'denied_topics' needs 'topics': a mapping of topic names to keywords");
                }
                yield new DetectorScanner(name, new DeniedTopicsDetector(topics), action(spec, Action.BLOCK), threshold);
            }
            case "language" -> {
                Options o = new Options(name, spec.options(), Set.of("allowed", "min_chars"));
                List<String> allowed = o.strings("allowed", List.of());
                if (allowed.isEmpty()) {
                    throw new IllegalArgumentException("scanner 'language' needs 'allowed': a list of ISO 639-1 codes such as [en, de]");
                }
                yield new DetectorScanner(name, new AllowedLanguagesDetector(new HashSet<>(allowed), o.positiveInt("min_chars", 20)),
                        action(spec, Action.BLOCK), threshold);
            }
            case "max_size" -> {
                Options o = new Options(name, spec.options(), Set.of("max_chars"));
                yield new DetectorScanner(name, new MaxSizeDetector(o.positiveInt("max_chars", null)), action(spec, Action.BLOCK), threshold);
            }
            case "model_data_class" -> {
                Options o = new Options(name, spec.options(), Set.of("pii_aliases", "types"));
                Set<PiiType> types = EnumSet.noneOf(PiiType.class);
                for (String t : o.strings("types", DEFAULT_PII.stream().map(PiiType::id).toList())) {
                    types.add(PiiType.parse(t));
                }
                yield new DetectorScanner(name, new ModelDataClassDetector(new PiiDetector(types, "US"), new HashSet<>(o.strings("pii_aliases", List.of()))),
                        action(spec, Action.BLOCK), threshold);
            }
            case "toxicity" -> {
                Options o = new Options(name, spec.options(), Set.of("words"));
                yield new DetectorScanner(name, new ToxicityDetector(o.strings("words", List.of())), action(spec, Action.BLOCK), threshold);
            }
            case "json_schema" -> throw new IllegalArgumentException("json_schema is not a text scanner");
            default -> throw new IllegalStateException(name);
        };
    }

    /** Checks a {@code json_schema} spec: action block or log, option {@code repair}. */
    public static JsonSchemaSpec jsonSchema(ScannerSpec spec) {
        Options o = new Options(spec.scanner(), spec.options(), Set.of("repair"));
        Action a = action(spec, Action.BLOCK);
        if (a == Action.REDACT) {
            throw new IllegalArgumentException("scanner 'json_schema' cannot redact; use block or log");
        }
        return new JsonSchemaSpec(a, o.bool("repair", true));
    }

    /** How structured output is checked: the action on an invalid answer and whether one repair is tried. */
    public record JsonSchemaSpec(Action action, boolean repair) {
    }

    private static Action action(ScannerSpec spec, Action dflt) {
        return spec.action() == null ? dflt : spec.action();
    }
}
