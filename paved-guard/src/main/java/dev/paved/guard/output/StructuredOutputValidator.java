package dev.paved.guard.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a model's structured output against the JSON Schema the caller asked for (networknt
 * json-schema-validator, draft 2020-12 unless the schema names another), with one repair attempt through a
 * {@link RepairHook} when the first answer does not validate.
 */
public final class StructuredOutputValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FENCED = Pattern.compile("(?s)```(?:json)?\\s*(.*?)\\s*```");

    /** Gets one more chance at a valid answer: from the model with the errors, or by local clean-up. */
    @FunctionalInterface
    public interface RepairHook {
        /** A new answer for {@code invalid}, or null when no repair is possible. */
        String repair(String invalid, List<String> errors);
    }

    /** Repairs without a model call: takes the JSON out of a markdown fence or surrounding prose. */
    public static final RepairHook EXTRACT_JSON = (invalid, errors) -> {
        Matcher m = FENCED.matcher(invalid);
        if (m.find()) {
            return m.group(1);
        }
        int open = invalid.indexOf('{');
        int close = invalid.lastIndexOf('}');
        return open >= 0 && close > open ? invalid.substring(open, close + 1) : null;
    };

    /** The outcome: valid or not, the text that was validated last, whether a repair was used, the errors. */
    public record Result(boolean valid, String text, boolean repaired, List<String> errors) {
    }

    private final JsonSchema schema;

    /** @throws IllegalArgumentException when {@code schema} is not a usable JSON Schema */
    public StructuredOutputValidator(JsonNode schema) {
        try {
            SpecVersion.VersionFlag version = schema.has("$schema")
                    ? SpecVersion.VersionFlag.fromId(schema.get("$schema").asText()).orElse(SpecVersion.VersionFlag.V202012)
                    : SpecVersion.VersionFlag.V202012;
            this.schema = JsonSchemaFactory.getInstance(version).getSchema(schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    /** Validates {@code output}; when invalid, asks {@code hook} once and validates its answer. */
    public Result validate(String output, RepairHook hook) {
        List<String> errors = errors(output);
        if (errors.isEmpty()) {
            return new Result(true, output, false, List.of());
        }
        String repaired = hook == null ? null : hook.repair(output, errors);
        if (repaired == null) {
            return new Result(false, output, false, errors);
        }
        List<String> again = errors(repaired);
        return again.isEmpty() ? new Result(true, repaired, true, List.of()) : new Result(false, repaired, true, again);
    }

    /** Schema violations of {@code output}; a parse failure is one error. Messages name paths, not values. */
    public List<String> errors(String output) {
        JsonNode node;
        try {
            node = JSON.readTree(output);
        } catch (IOException e) {
            return List.of("output is not JSON");
        }
        if (node == null) {
            return List.of("output is empty");
        }
        Set<ValidationMessage> msgs = schema.validate(node);
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : msgs) {
            out.add(m.getInstanceLocation() + ": " + m.getType());
        }
        return out;
    }
}
