package dev.jasyncio.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code DIR/manifest.json}: {@code {"items": [...], "summary": {...}}}, one item per input URL,
 * in input order, written at the end of a run and read back by {@code --resume}.
 */
final class Manifest {
  private Manifest() {}

  static final String FILE = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static ObjectNode toJson(PipelineRun.Result run, Map<String, Object> settings) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode items = root.putArray("items");
    for (Item i : run.items()) {
      ObjectNode n = items.addObject();
      n.put("url", i.url.toString());
      n.put("status", i.ok() ? "ok" : "failed");
      n.put("errorKind", i.errorKind == null ? null : i.errorKind.label());
      n.put("error", i.error);
      n.put("bytes", Math.max(0, i.bytes));
      n.put("downloadSeconds", round(i.downloadSeconds()));
      n.put("processSeconds", round(i.processSeconds()));
      n.put("output", i.output);
      n.put("sha256", i.sha256);
      n.put("name", i.name);
      n.put("resumed", i.resumed);
      n.put("width", i.width);
      n.put("height", i.height);
      n.put("decodeSeconds", round(i.decodeSeconds));
      n.put("filterSeconds", round(i.filterSeconds));
      n.put("encodeSeconds", round(i.encodeSeconds));
      n.put("cpuSeconds", round(Math.max(0, i.cpuSeconds)));
      n.put("downloadStart", round(i.downloadStart));
      n.put("processStart", round(i.processStart));
      if (i.worker != null) {
        n.put("worker", i.worker);
        n.put("deliveries", i.deliveries);
      }
    }
    ObjectNode s = root.putObject("summary");
    s.put("mode", run.mode().label());
    s.put("items", run.items().size());
    s.put("ok", run.ok());
    s.put("failed", run.failed());
    s.put("resumed", run.items().stream().filter(i -> i.resumed).count());
    s.put("bytes", run.bytes());
    s.put("totalSeconds", round(run.totalSeconds()));
    s.put("downloadSeconds", round(run.downloadSeconds()));
    s.put("processSeconds", round(run.processSeconds()));
    s.put("imagesPerSecond", round(run.totalSeconds() > 0 ? run.ok() / run.totalSeconds() : 0));
    s.put("megabytesPerSecond", round(run.totalSeconds() > 0 ? run.bytes() / 1e6 / run.totalSeconds() : 0));
    ObjectNode set = s.putObject("settings");
    settings.forEach((k, v) -> set.putPOJO(k, v));
    return root;
  }

  static void write(Path dir, PipelineRun.Result run, Map<String, Object> settings) {
    try {
      Path tmp = dir.resolve(FILE + ".tmp");
      JSON.writeValue(tmp.toFile(), toJson(run, settings));
      Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
  }

  /**
   * Marks items whose output exists with the sha256 the previous manifest recorded as resumed,
   * copying what that run found. Returns how many.
   */
  static int resume(Path dir, List<Item> items) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return 0;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to resume", e);
    }
    Map<String, JsonNode> byUrl = new HashMap<>();
    for (JsonNode n : root.path("items")) {
      if ("ok".equals(n.path("status").asText()) && n.hasNonNull("output") && n.hasNonNull("sha256")) {
        byUrl.putIfAbsent(n.path("url").asText(), n);
      }
    }
    int resumed = 0;
    for (Item item : items) {
      JsonNode n = byUrl.remove(item.url.toString());
      if (n == null) {
        continue;
      }
      Path out = dir.resolve(n.path("output").asText());
      try {
        if (Files.isRegularFile(out)
            && PipelineRun.sha256(Files.readAllBytes(out)).equals(n.path("sha256").asText())) {
          item.status = "ok";
          item.resumed = true;
          item.output = n.path("output").asText();
          item.sha256 = n.path("sha256").asText();
          item.bytes = n.path("bytes").asLong();
          item.width = n.path("width").asInt();
          item.height = n.path("height").asInt();
          resumed++;
        }
      } catch (IOException e) {
        // unreadable output: do the item again
      }
    }
    return resumed;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
