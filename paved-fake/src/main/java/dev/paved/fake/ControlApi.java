package dev.paved.fake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fake's own endpoints (not counted in {@link Stats}): {@code GET /health}, {@code GET /stats},
 * {@code POST /stats/reset}, {@code GET|POST|DELETE /_fake/faults}, {@code POST|DELETE /_fake/replies},
 * {@code GET|DELETE /_fake/requests}.
 */
final class ControlApi {

  private static final byte[] HEALTHY = Json.ascii("{\"status\":\"ok\"}");

  private final ProviderState state;

  ControlApi(ProviderState state) {
    this.state = state;
  }

  boolean handles(String path) {
    return switch (path) {
      case "/health", "/stats", "/stats/reset", "/_fake/faults", "/_fake/replies", "/_fake/requests" -> true;
      default -> false;
    };
  }

  void handle(HttpServerRequest request, String path, Buffer body) {
    HttpMethod method = request.method();
    String route = method.name() + " " + path;
    switch (route) {
      case "GET /health" -> send(request, 200, HEALTHY);
      case "GET /stats" -> send(request, 200, statsJson(state.stats().snapshot()));
      case "POST /stats/reset" -> {
        state.stats().reset();
        state.recorder().clear();
        send(request, 200, statsJson(state.stats().snapshot()));
      }
      case "GET /_fake/faults" -> send(request, 200, faultsJson(state.faults().active()));
      case "POST /_fake/faults" -> addFault(request, body);
      case "DELETE /_fake/faults" -> {
        int cleared = state.faults().clear();
        send(request, 200, Json.bytes(g -> {
          g.writeStartObject();
          g.writeNumberField("cleared", cleared);
          g.writeEndObject();
        }));
      }
      case "POST /_fake/replies" -> addReply(request, body);
      case "DELETE /_fake/replies" -> {
        int cleared = state.replies().clear();
        send(request, 200, Json.bytes(g -> {
          g.writeStartObject();
          g.writeNumberField("cleared", cleared);
          g.writeEndObject();
        }));
      }
      case "GET /_fake/requests" -> send(request, 200, requestsJson(state.recorder().recent()));
      case "DELETE /_fake/requests" -> {
        state.recorder().clear();
        send(request, 200, Json.ascii("{\"cleared\":true}"));
      }
      default -> error(request, 405, "Method " + method + " is not allowed on " + path);
    }
  }

  private void addFault(HttpServerRequest request, Buffer body) {
    FaultRule rule;
    try {
      rule = parseRule(Json.parse(body.getBytes()));
    } catch (JacksonException e) {
      error(request, 400, "could not parse the JSON body: " + e.getOriginalMessage());
      return;
    } catch (IllegalArgumentException e) {
      error(request, 400, e.getMessage());
      return;
    }
    long id = state.faults().add(rule);
    ActiveFault added = state.faults().active().stream().filter(f -> f.id() == id).findFirst()
        .orElse(new ActiveFault(id, rule, rule.count() > 0 ? 0 : -1, 0));
    send(request, 201, Json.bytes(g -> writeFault(g, added)));
  }

  /** {@code {"marker":"case-7","text":"Mail a@example.com","piece_chars":3}} or {@code {"marker":…,"pieces":["Mail ","a@…"]}}. */
  private void addReply(HttpServerRequest request, Buffer body) {
    long id;
    try {
      JsonNode json = Json.parse(body.getBytes());
      if (json == null || !json.isObject()) {
        throw new IllegalArgumentException("body must be a JSON object with 'marker' and 'text' or 'pieces'");
      }
      String marker = Json.text(json, "marker");
      JsonNode pieces = json.get("pieces");
      if (pieces != null && pieces.isArray()) {
        List<String> list = new java.util.ArrayList<>();
        for (JsonNode p : pieces) {
          list.add(p.isTextual() ? p.asText() : null);
        }
        String tool = Json.text(json, "tool");
        id = tool != null ? state.replies().addToolCall(marker, tool, list) : state.replies().add(marker, list);
      } else {
        JsonNode chars = json.path("piece_chars");
        if (!chars.isMissingNode() && !chars.canConvertToInt()) {
          throw new IllegalArgumentException("'piece_chars' must be an integer");
        }
        id = state.replies().add(marker, Json.text(json, "text"), chars.asInt(4));
      }
    } catch (JacksonException e) {
      error(request, 400, "could not parse the JSON body: " + e.getOriginalMessage());
      return;
    } catch (IllegalArgumentException e) {
      error(request, 400, e.getMessage());
      return;
    }
    send(request, 201, Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("id", id);
      g.writeEndObject();
    }));
  }

  /** {@code {"fault":"status=503","count":3,"fraction":0.5,"seed":7,"path":"/v1/messages","model":"m"}}. */
  static FaultRule parseRule(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("body must be a JSON object with a 'fault' field");
    }
    String fault = Json.text(json, "fault");
    if (fault == null) {
      throw new IllegalArgumentException("'fault' is required, e.g. \"status=503\"");
    }
    JsonNode count = json.path("count");
    JsonNode fraction = json.path("fraction");
    JsonNode seed = json.path("seed");
    if (!count.isMissingNode() && !count.canConvertToInt()) {
      throw new IllegalArgumentException("'count' must be an integer");
    }
    if (!fraction.isMissingNode() && !fraction.isNumber()) {
      throw new IllegalArgumentException("'fraction' must be a number in (0, 1]");
    }
    if (!seed.isMissingNode() && !seed.canConvertToLong()) {
      throw new IllegalArgumentException("'seed' must be an integer");
    }
    return new FaultRule(FaultSpec.parse(fault), count.asInt(0), fraction.asDouble(1.0), seed.asLong(0),
        Json.text(json, "path"), Json.text(json, "model"));
  }

  static byte[] statsJson(Stats stats) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("total_requests", stats.totalRequests());
      writeCounts(g, "by_path", stats.byPath());
      writeCounts(g, "by_fault", stats.byFault());
      g.writeNumberField("active_connections", stats.activeConnections());
      g.writeNumberField("active_streams", stats.activeStreams());
      g.writeEndObject();
    });
  }

  private static void writeCounts(JsonGenerator g, String field, Map<String, Long> counts) throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, Long> count : new TreeMap<>(counts).entrySet()) {
      g.writeNumberField(count.getKey(), count.getValue());
    }
    g.writeEndObject();
  }

  private static byte[] faultsJson(List<ActiveFault> faults) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("faults");
      for (ActiveFault fault : faults) {
        writeFault(g, fault);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void writeFault(JsonGenerator g, ActiveFault fault) throws IOException {
    FaultRule rule = fault.rule();
    g.writeStartObject();
    g.writeNumberField("id", fault.id());
    g.writeStringField("fault", rule.fault().syntax());
    g.writeNumberField("count", rule.count());
    g.writeNumberField("fraction", rule.fraction());
    g.writeNumberField("seed", rule.seed());
    g.writeStringField("path", rule.path());
    g.writeStringField("model", rule.model());
    g.writeNumberField("remaining", fault.remaining());
    g.writeNumberField("injected", fault.injected());
    g.writeEndObject();
  }

  private static byte[] requestsJson(List<RecordedRequest> requests) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("requests");
      for (RecordedRequest recorded : requests) {
        g.writeStartObject();
        g.writeNumberField("sequence", recorded.sequence());
        g.writeStringField("method", recorded.method());
        g.writeStringField("path", recorded.path());
        g.writeObjectFieldStart("headers");
        for (Map.Entry<String, String> header : new TreeMap<>(recorded.headers()).entrySet()) {
          g.writeStringField(header.getKey(), header.getValue());
        }
        g.writeEndObject();
        g.writeStringField("body", recorded.body());
        g.writeStringField("fault", recorded.fault());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void error(HttpServerRequest request, int status, String message) {
    send(request, status, ErrorReplies.openAiBody(message, "invalid_request_error", null, null));
  }

  private static void send(HttpServerRequest request, int status, byte[] body) {
    request.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, ReplyPlayer.APPLICATION_JSON)
        .end(Buffer.buffer(body));
  }
}
