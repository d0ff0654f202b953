package dev.paved.fake;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/models} bodies, built once: OpenAI's list, or Anthropic's when {@code anthropic-version} is sent. */
record ModelList(byte[] openAi, byte[] anthropic) {

  static ModelList of(List<String> models, long createdEpochSeconds) {
    byte[] openAi = Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("object", "list");
      g.writeArrayFieldStart("data");
      for (String model : models) {
        g.writeStartObject();
        g.writeStringField("id", model);
        g.writeStringField("object", "model");
        g.writeNumberField("created", createdEpochSeconds);
        g.writeStringField("owned_by", "paved-fake");
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
    String createdAt = Instant.ofEpochSecond(createdEpochSeconds).toString();
    byte[] anthropic = Json.bytes(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("data");
      for (String model : models) {
        g.writeStartObject();
        g.writeStringField("type", "model");
        g.writeStringField("id", model);
        g.writeStringField("display_name", model);
        g.writeStringField("created_at", createdAt);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeBooleanField("has_more", false);
      g.writeStringField("first_id", models.get(0));
      g.writeStringField("last_id", models.get(models.size() - 1));
      g.writeEndObject();
    });
    return new ModelList(openAi, anthropic);
  }
}
