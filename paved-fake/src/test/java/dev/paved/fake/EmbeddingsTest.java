package dev.paved.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EmbeddingsTest {

  private static FakeProvider provider;
  private static FakeHttp http;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start(FakeOptions.defaults());
    http = new FakeHttp(provider);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static JsonNode embed(String fields) {
    HttpResponse<String> response = http.post("/v1/embeddings", "{\"model\":\"fake-embed\"," + fields + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return FakeHttp.json(response);
  }

  private static float[] floats(JsonNode embedding) {
    float[] out = new float[embedding.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = embedding.get(i).floatValue();
    }
    return out;
  }

  private static double norm(float[] vector) {
    double sum = 0;
    for (float value : vector) {
      sum += (double) value * value;
    }
    return Math.sqrt(sum);
  }

  @Test
  void stringInputGetsAUnitVectorOfDefaultDimensions() {
    JsonNode body = embed("\"input\":\"the quick brown fox\"");

    assertThat(body.get("object").asText()).isEqualTo("list");
    assertThat(body.get("model").asText()).isEqualTo("fake-embed");
    JsonNode item = body.at("/data/0");
    assertThat(item.get("object").asText()).isEqualTo("embedding");
    assertThat(item.get("index").asInt()).isZero();
    float[] vector = floats(item.get("embedding"));
    assertThat(vector).hasSize(384);
    assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
    assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
    assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void vectorsAreDeterministicPerTextAndDifferBetweenTexts() {
    float[] first = floats(embed("\"input\":\"alpha\"").at("/data/0/embedding"));
    float[] again = floats(embed("\"input\":\"alpha\"").at("/data/0/embedding"));
    float[] other = floats(embed("\"input\":\"beta\"").at("/data/0/embedding"));

    assertThat(again).containsExactly(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void arrayInputGetsOneIndexedVectorPerItem() {
    JsonNode body = embed("\"input\":[\"alpha\",\"beta gamma\",\"alpha\"],\"dimensions\":8");

    assertThat(body.get("data")).hasSize(3);
    assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
    assertThat(body.at("/data/2/embedding")).isEqualTo(body.at("/data/0/embedding"));
    assertThat(body.at("/data/0/embedding")).hasSize(8);
    assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void tokenArraysAreAccepted() {
    JsonNode body = embed("\"input\":[[1,2,3],[4,5]],\"dimensions\":16");

    assertThat(body.get("data")).hasSize(2);
    assertThat(norm(floats(body.at("/data/1/embedding")))).isCloseTo(1.0, within(1e-5));
    assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void base64IsLittleEndianFloat32OfTheSameVector() {
    float[] plain = floats(embed("\"input\":\"hello world\",\"dimensions\":32").at("/data/0/embedding"));
    String encoded = embed("\"input\":\"hello world\",\"dimensions\":32,\"encoding_format\":\"base64\"")
        .at("/data/0/embedding").asText();

    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
    float[] decoded = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(decoded);
    assertThat(decoded).containsExactly(plain);
    assertThat(norm(decoded)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void badInputsAre400() {
    assertThat(http.post("/v1/embeddings", "{\"model\":\"fake-embed\"}").statusCode()).isEqualTo(400);
    assertThat(http.post("/v1/embeddings", "{\"model\":\"fake-embed\",\"input\":\"\"}").statusCode()).isEqualTo(400);
    assertThat(http.post("/v1/embeddings", "{\"model\":\"fake-embed\",\"input\":[{}]}").statusCode()).isEqualTo(400);
    HttpResponse<String> badFormat =
        http.post("/v1/embeddings", "{\"model\":\"fake-embed\",\"input\":\"x\",\"encoding_format\":\"int8\"}");
    assertThat(badFormat.statusCode()).isEqualTo(400);
    assertThat(FakeHttp.json(badFormat).at("/error/param").asText()).isEqualTo("encoding_format");
    assertThat(http.post("/v1/embeddings", "{\"model\":\"fake-embed\",\"input\":\"x\",\"dimensions\":0}").statusCode())
        .isEqualTo(400);
  }
}
