package dev.paved.gateway.config;

/** A concrete model at a provider: where an alias sends traffic. */
public record TargetConfig(String provider, String model) {
    /** Key for pricing lookups: {@code provider/model}. */
    public String qualifiedName() {
        return provider + "/" + model;
    }
}
