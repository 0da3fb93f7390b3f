package dev.jasyncio.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jasyncio.redis.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One item's job on the jobs queue, as {@code pipeline --queue} puts it and {@code pipeline worker}
 * takes it: the item and the run's settings, so every worker does it the way one process would.
 * Like a Celery task message, it carries what the work needs and nothing bulky.
 *
 * @param run the run's id: its results queue is named after it
 * @param index the item's place in the run's input
 * @param url what to download
 * @param name the item's name (its output file is {@code processed/NAME.EXT})
 * @param format the output format
 * @param maxPixels the decompression-bomb guard
 * @param limit concurrent downloads per host, in each worker
 * @param connectTimeout connect timeout
 * @param readTimeout idle read timeout
 * @param totalTimeout the whole download's timeout
 * @param retries download retries
 */
record Job(String run, int index, URI url, String name, ImageProcessor.Format format, long maxPixels,
    int limit, Duration connectTimeout, Duration readTimeout, Duration totalTimeout, int retries) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** JSON on the wire; a job that does not parse is dead-lettered at once (see {@link Codec}). */
  static final Codec<Job> CODEC = Codec.of(Job::toJson, Job::fromJson);

  static Job of(String run, Item item, Settings s) {
    return new Job(run, item.index, item.url, item.name, s.format(), s.maxPixels(), s.limit(),
        s.connectTimeout(), s.readTimeout(), s.totalTimeout(), s.retries());
  }

  /** The item id on both queues, the same on every delivery: what results are de-duplicated by. */
  String id() {
    return id(run, index);
  }

  static String id(String run, int index) {
    return run + "/" + index;
  }

  /** The settings a worker writing into {@code out} runs this job with. */
  Settings settings(Path out) {
    return new Settings(out, format, maxPixels, limit, connectTimeout, readTimeout, totalTimeout, retries, false);
  }

  private static byte[] toJson(Job j) {
    ObjectNode n = JSON.createObjectNode();
    n.put("run", j.run);
    n.put("index", j.index);
    n.put("url", j.url.toString());
    n.put("name", j.name);
    n.put("format", j.format.name());
    n.put("maxPixels", j.maxPixels);
    n.put("limit", j.limit);
    n.put("connectTimeoutMs", j.connectTimeout.toMillis());
    n.put("readTimeoutMs", j.readTimeout.toMillis());
    n.put("totalTimeoutMs", j.totalTimeout.toMillis());
    n.put("retries", j.retries);
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Job fromJson(byte[] bytes) {
    JsonNode n;
    try {
      n = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("a pipeline job is JSON: " + e.getMessage(), e);
    }
    return new Job(text(n, "run"), n.path("index").asInt(), URI.create(text(n, "url")), text(n, "name"),
        ImageProcessor.Format.valueOf(text(n, "format")), n.path("maxPixels").asLong(), n.path("limit").asInt(),
        Duration.ofMillis(n.path("connectTimeoutMs").asLong()), Duration.ofMillis(n.path("readTimeoutMs").asLong()),
        Duration.ofMillis(n.path("totalTimeoutMs").asLong()), n.path("retries").asInt());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("a pipeline job has a text field '" + field + "': " + n);
    }
    return v.asText();
  }
}
