package dev.paved.gateway;

/** The two inbound and outbound chat protocols the gateway speaks. */
public enum WireFormat {
    OPENAI, ANTHROPIC
}
