package dev.jasyncio.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a worker sends back on the run's results queue for one item: everything the manifest says
 * about it (status and error, sizes, sha256, the output's path under the worker's {@code --out},
 * stage times), the worker's name and which delivery of the job it was. The image itself stays
 * where the worker wrote it. Stage times travel as wall-clock seconds since the epoch, so the
 * coordinator can place them on its own timeline.
 *
 * @param run the run's id
 * @param index the item's place in the run's input
 * @param worker the worker (its consumer name)
 * @param deliveries which delivery of the job this was (more than 1 after a worker died)
 * @param fields the item's fields
 */
record JobResult(String run, int index, String worker, long deliveries, JsonNode fields) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The result of {@code item}, done by {@code worker}; its stage times are offsets from
   * {@code startedAt} (epoch seconds), as {@link PipelineRun} records them.
   */
  static byte[] encode(Job job, Item item, String worker, long deliveries, double startedAt) {
    ObjectNode n = JSON.createObjectNode();
    n.put("run", job.run());
    n.put("index", job.index());
    n.put("worker", worker);
    n.put("deliveries", deliveries);
    n.put("status", item.status);
    n.put("errorKind", item.errorKind == null ? null : item.errorKind.name());
    n.put("error", item.error);
    n.put("bytes", item.bytes);
    n.put("width", item.width);
    n.put("height", item.height);
    n.put("output", item.output);
    n.put("sha256", item.sha256);
    n.put("decodeSeconds", item.decodeSeconds);
    n.put("filterSeconds", item.filterSeconds);
    n.put("encodeSeconds", item.encodeSeconds);
    n.put("cpuSeconds", item.cpuSeconds);
    n.put("downloadStart", epoch(startedAt, item.downloadStart));
    n.put("downloadEnd", epoch(startedAt, item.downloadEnd));
    n.put("processStart", epoch(startedAt, item.processStart));
    n.put("cpuStart", epoch(startedAt, item.cpuStart));
    n.put("processEnd", epoch(startedAt, item.processEnd));
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JobResult decode(byte[] bytes) {
    try {
      JsonNode n = JSON.readTree(bytes);
      return new JobResult(n.path("run").asText(), n.path("index").asInt(-1), n.path("worker").asText(),
          n.path("deliveries").asLong(), n);
    } catch (IOException e) {
      throw new IllegalArgumentException("a pipeline result is JSON: " + e.getMessage(), e);
    }
  }

  /** Fills in {@code item} from this result; times become offsets from {@code runStartedAt}. */
  void applyTo(Item item, double runStartedAt) {
    JsonNode n = fields;
    item.status = n.path("status").asText();
    item.errorKind = n.path("errorKind").isTextual() ? ErrorKind.valueOf(n.path("errorKind").asText()) : null;
    item.error = n.path("error").isTextual() ? n.path("error").asText() : null;
    item.bytes = n.path("bytes").asLong(-1);
    item.width = n.path("width").asInt();
    item.height = n.path("height").asInt();
    item.output = n.path("output").isTextual() ? n.path("output").asText() : null;
    item.sha256 = n.path("sha256").isTextual() ? n.path("sha256").asText() : null;
    item.decodeSeconds = n.path("decodeSeconds").asDouble();
    item.filterSeconds = n.path("filterSeconds").asDouble();
    item.encodeSeconds = n.path("encodeSeconds").asDouble();
    item.cpuSeconds = n.path("cpuSeconds").asDouble(-1);
    item.downloadStart = offset(runStartedAt, n.path("downloadStart").asDouble(-1));
    item.downloadEnd = offset(runStartedAt, n.path("downloadEnd").asDouble(-1));
    item.processStart = offset(runStartedAt, n.path("processStart").asDouble(-1));
    item.cpuStart = offset(runStartedAt, n.path("cpuStart").asDouble(-1));
    item.processEnd = offset(runStartedAt, n.path("processEnd").asDouble(-1));
    item.worker = worker;
    item.deliveries = deliveries;
  }

  private static double epoch(double startedAt, double offset) {
    return offset < 0 ? -1 : startedAt + offset;
  }

  /** An offset that clocks apart across machines could make negative is clamped to 0. */
  private static double offset(double runStartedAt, double epoch) {
    return epoch < 0 ? -1 : Math.max(0, epoch - runStartedAt);
  }
}
