package dev.paved.guard.policy;

import dev.paved.guard.Detector;
import dev.paved.guard.Finding;
import dev.paved.guard.ScanContext;
import dev.paved.guard.pii.PiiDetector;
import java.util.List;
import java.util.Set;

/**
 * The model allow-list by data class: a text that still carries personal data (after any redaction that ran
 * before this scanner) may only go to model aliases approved for PII.
 */
public final class ModelDataClassDetector implements Detector {
    private final PiiDetector pii;
    private final Set<String> piiAliases;

    public ModelDataClassDetector(PiiDetector pii, Set<String> piiAliases) {
        this.pii = pii;
        this.piiAliases = Set.copyOf(piiAliases);
    }

    @Override
    public List<Finding> detect(String text, ScanContext ctx) {
        if (ctx.modelAlias() != null && piiAliases.contains(ctx.modelAlias())) {
            return List.of();
        }
        return pii.find(text).isEmpty() ? List.of()
                : List.of(Finding.whole("model_data_class", "policy.model_not_approved_for_pii", 1.0));
    }
}
