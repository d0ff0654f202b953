package dev.paved.server.guard;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import java.util.List;

/** The errors a caller sees when guardrails stop a call: reason codes, never the offending text. */
final class GuardErrors {
    static final String INPUT_BLOCKED = "guardrail_blocked";
    static final String OUTPUT_BLOCKED = "guardrail_output_blocked";
    static final String SCHEMA_INVALID = "structured_output_invalid";

    private GuardErrors() {
    }

    static PavedException inputBlocked(List<String> reasons) {
        return new PavedException(ErrorKind.INVALID_REQUEST, "The request was blocked by the guardrail policy (reasons: "
                + String.join(", ", reasons) + ") and was not sent to a model. Change the request, or ask your platform team "
                + "about the policy and quote the x-request-id.", null, INPUT_BLOCKED);
    }

    static PavedException outputBlocked(List<String> reasons) {
        return new PavedException(ErrorKind.INVALID_REQUEST, "The model's answer was withheld by the guardrail policy (reasons: "
                + String.join(", ", reasons) + "). Rephrase the request, or ask your platform team about the policy and quote the x-request-id.",
                null, OUTPUT_BLOCKED);
    }

    static PavedException schemaInvalid(List<String> errors) {
        return new PavedException(ErrorKind.UPSTREAM, "The model's answer did not match the requested JSON schema, also after one repair "
                + "attempt (" + String.join("; ", errors.subList(0, Math.min(3, errors.size()))) + "). Retry the request.", null, SCHEMA_INVALID);
    }
}
