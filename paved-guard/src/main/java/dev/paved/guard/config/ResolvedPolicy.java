package dev.paved.guard.config;

import dev.paved.guard.GuardChain;
import dev.paved.guard.Scanner;
import dev.paved.guard.Stage;
import dev.paved.guard.retrieved.ChunkPolicy;
import dev.paved.guard.retrieved.RetrievedContentGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A policy made runnable: a scanner chain per stage, the retrieved-content guard, the structured-output check
 * (or null) and whether redactions are reversed for the caller.
 */
public record ResolvedPolicy(GuardChain input, GuardChain retrieved, GuardChain output, RetrievedContentGuard retrievedGuard,
                             ScannerFactory.JsonSchemaSpec jsonSchema, boolean reversible) {

    /** Builds every scanner of {@code policy}. @throws IllegalArgumentException for any invalid spec */
    public static ResolvedPolicy of(GuardPolicy policy) {
        GuardChain in = chain(Stage.INPUT, policy);
        GuardChain ret = chain(Stage.RETRIEVED, policy);
        GuardChain out = chain(Stage.OUTPUT, policy);
        ScannerSpec js = policy.stages().getOrDefault(Stage.OUTPUT, Map.of()).get("json_schema");
        ScannerFactory.JsonSchemaSpec schema = js != null && js.enabled() ? ScannerFactory.jsonSchema(js) : null;
        ChunkPolicy cp = policy.retrieved() == null ? ChunkPolicy.FENCE : policy.retrieved();
        return new ResolvedPolicy(in, ret, out, new RetrievedContentGuard(ret, cp), schema,
                policy.reversible() != null && policy.reversible());
    }

    public GuardChain chain(Stage stage) {
        return switch (stage) {
            case INPUT -> input;
            case RETRIEVED -> retrieved;
            case OUTPUT -> output;
        };
    }

    public boolean isEmpty() {
        return input.isEmpty() && retrieved.isEmpty() && output.isEmpty() && jsonSchema == null;
    }

    private static GuardChain chain(Stage stage, GuardPolicy policy) {
        List<Scanner> scanners = new ArrayList<>();
        for (ScannerSpec s : policy.stages().getOrDefault(stage, Map.of()).values()) {
            if (s.enabled() && !s.scanner().equals("json_schema")) {
                scanners.add(ScannerFactory.build(stage, s));
            }
        }
        return new GuardChain(scanners);
    }
}
