package dev.paved.guard;

import java.util.Objects;

/**
 * What a scanner knows about the text besides the text: who sent it, for which feature, at which stage,
 * for which model alias, and the request's placeholder map so redactions stay consistent across every
 * text of one request.
 *
 * @param tenantId   the calling tenant, or null outside a tenant (offline evaluation)
 * @param featureId  the feature the call is attributed to, or null
 * @param stage      where the text is checked
 * @param modelAlias the model alias the text is sent to or came from, or null
 * @param redactions placeholder map shared by all texts of one request
 */
public record ScanContext(String tenantId, String featureId, Stage stage, String modelAlias, Redactions redactions) {
    public ScanContext {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(redactions, "redactions");
    }

    /** A context with no tenant, feature or alias and a fresh placeholder map. */
    public static ScanContext of(Stage stage) {
        return new ScanContext(null, null, stage, null, new Redactions());
    }

    public ScanContext at(Stage other) {
        return new ScanContext(tenantId, featureId, other, modelAlias, redactions);
    }
}
