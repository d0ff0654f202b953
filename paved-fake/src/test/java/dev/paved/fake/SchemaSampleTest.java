package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SchemaSampleTest {

  private static JsonNode sample(String schema) {
    return FakeHttp.json(SchemaSample.json(schema == null ? null : FakeHttp.json(schema)));
  }

  @Test
  void noSchemaGivesAnEmptyObject() {
    assertThat(SchemaSample.json(null)).isEqualTo("{}");
    assertThat(sample("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}").isEmpty()).isTrue();
  }

  @Test
  void followsRefsConstsNullableTypesAndMinItems() {
    JsonNode value = sample("""
        {"type":"object","$defs":{"Item":{"type":"object","properties":{"sku":{"type":"string"}},"required":["sku"]}},
         "properties":{
           "items":{"type":"array","items":{"$ref":"#/$defs/Item"},"minItems":2},
           "kind":{"const":"order"},
           "maybe":{"type":["null","integer"]},
           "choice":{"anyOf":[{"type":"null"},{"type":"boolean"}]}},
         "required":["items","kind","maybe","choice"]}""");

    assertThat(value.get("items")).hasSize(2);
    assertThat(value.at("/items/1/sku").asText()).isEqualTo("fake");
    assertThat(value.get("kind").asText()).isEqualTo("order");
    assertThat(value.get("maybe").asInt()).isEqualTo(1);
    assertThat(value.get("choice").asBoolean()).isTrue();
  }

  @Test
  void recursiveSchemasStop() {
    JsonNode value = sample("""
        {"$ref":"#/$defs/Node","$defs":{"Node":{"type":"object","properties":{"next":{"$ref":"#/$defs/Node"}},
         "required":["next"]}}}""");

    assertThat(value.get("next").isObject()).isTrue();
  }
}
