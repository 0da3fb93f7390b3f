package dev.jasyncio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs against the embedded server on loopback: faults, the manifest, exit codes, resume. */
class PipelineTest {
  @TempDir
  Path dir;

  private static final List<String> FIELDS = List.of(
      "url", "status", "errorKind", "error", "bytes", "downloadSeconds", "processSeconds", "output", "sha256");

  @Test
  void everyFaultIsRecordedOnItsItemAndTheRunGoesOn() throws Exception {
    ImageServer.Builder b = ImageServer.builder().images(9).size(48, 32)
        .latency(java.time.Duration.ofMillis(5)).bandwidth(20_000_000);
    Fault[] faults = Fault.values();
    for (int i = 0; i < faults.length; i++) {
      b.fault(i, faults[i]);
    }
    try (ImageServer server = b.start()) {
      Cli.Ran ran = Cli.against(dir, server.urls(), "--read-timeout", "2s", "--timeout", "30s", "--retries", "0");
      assertThat(ran.status()).as(ran.out() + ran.err()).isEqualTo(PipelineCommand.SOME_FAILED);
      JsonNode items = Cli.manifest(dir.resolve("out")).path("items");
      assertThat(items).hasSize(9);
      Map<Fault, String> expected = Map.of(
          Fault.NOT_FOUND, "http-status", Fault.STALL, "timeout", Fault.RESET, "connection-reset",
          Fault.TRUNCATED_BODY, "truncated-body", Fault.NOT_AN_IMAGE, "not-an-image",
          Fault.TRUNCATED_JPEG, "truncated-image", Fault.TOO_MANY_PIXELS, "too-many-pixels");
      for (int i = 0; i < faults.length; i++) {
        JsonNode item = items.get(i);
        assertThat(item.path("status").asText()).as(faults[i].name()).isEqualTo("failed");
        assertThat(item.path("errorKind").asText()).as(faults[i] + ": " + item.path("error").asText())
            .isEqualTo(expected.get(faults[i]));
        assertThat(item.path("error").asText()).isNotBlank();
        assertThat(item.path("output").isNull()).isTrue();
      }
      for (int i = faults.length; i < 9; i++) {
        assertThat(items.get(i).path("status").asText()).isEqualTo("ok");
      }
      assertThat(ran.out()).contains("failed " + server.url(0)).contains("http-status");
    }
  }

  @Test
  void theManifestHasEveryUrlExactlyOnceWithItsFieldsAndTheOutputsMatchTheirHashes() throws Exception {
    try (ImageServer server = Cli.smallServer().fault(2, Fault.NOT_FOUND).start()) {
      List<java.net.URI> urls = new ArrayList<>(server.urls());
      urls.add(server.url(0)); // the same URL twice is two items
      Cli.Ran ran = Cli.against(dir, urls);
      assertThat(ran.status()).isEqualTo(PipelineCommand.SOME_FAILED);
      Path out = dir.resolve("out");
      JsonNode m = Cli.manifest(out);
      assertThat(m.fieldNames()).toIterable().containsExactly("items", "summary");
      JsonNode items = m.path("items");
      assertThat(items).hasSize(urls.size());
      Set<String> outputs = new HashSet<>();
      for (int i = 0; i < urls.size(); i++) {
        JsonNode item = items.get(i);
        for (String f : FIELDS) {
          assertThat(item.has(f)).as("field " + f).isTrue();
        }
        assertThat(item.path("url").asText()).isEqualTo(urls.get(i).toString());
        if (i == 2) {
          assertThat(item.path("status").asText()).isEqualTo("failed");
          assertThat(item.path("errorKind").asText()).isEqualTo("http-status");
          assertThat(item.path("error").asText()).contains("404");
          continue;
        }
        assertThat(item.path("status").asText()).isEqualTo("ok");
        assertThat(item.path("errorKind").isNull()).isTrue();
        assertThat(item.path("error").isNull()).isTrue();
        assertThat(item.path("bytes").asLong()).isEqualTo(server.photo(i % 6).length);
        assertThat(item.path("downloadSeconds").asDouble()).isPositive();
        assertThat(item.path("processSeconds").asDouble()).isPositive();
        Path file = out.resolve(item.path("output").asText());
        assertThat(PipelineRun.sha256(Files.readAllBytes(file))).isEqualTo(item.path("sha256").asText());
        assertThat(outputs.add(item.path("output").asText())).as("outputs are distinct").isTrue();
      }
      JsonNode s = m.path("summary");
      assertThat(s.path("items").asInt()).isEqualTo(7);
      assertThat(s.path("ok").asInt()).isEqualTo(6);
      assertThat(s.path("failed").asInt()).isEqualTo(1);
      assertThat(s.path("mode").asText()).isEqualTo("pipelined");
    }
  }

  @Test
  void exitStatusIsZeroWhenEveryItemSucceeded() throws Exception {
    try (ImageServer server = Cli.smallServer().start()) {
      Cli.Ran ran = Cli.against(dir, server.urls());
      assertThat(ran.status()).as(ran.out() + ran.err()).isEqualTo(PipelineCommand.OK);
      assertThat(ran.out()).contains("6 images, 6 ok, 0 failed");
      assertThat(ran.out().lines().filter(l -> l.startsWith("ok "))).hasSize(6); // one line per item off a terminal
    }
  }

  @Test
  void resumeSkipsItemsWhoseOutputMatchesItsHashAndRedoesTheRest() throws Exception {
    try (ImageServer server = Cli.smallServer().start()) {
      assertThat(Cli.against(dir, server.urls()).status()).isEqualTo(PipelineCommand.OK);
      Path out = dir.resolve("out");
      JsonNode first = Cli.manifest(out).path("items");
      Files.write(out.resolve(first.get(1).path("output").asText()), new byte[] {1, 2, 3}); // damaged
      Files.delete(out.resolve(first.get(4).path("output").asText()));                    // gone
      server.resetCounts();

      Cli.Ran ran = Cli.against(dir, server.urls(), "--resume");
      assertThat(ran.status()).isEqualTo(PipelineCommand.OK);
      assertThat(ran.out()).contains("resume: 4 of 6 items already done");
      assertThat(server.requests()).isEqualTo(2);
      JsonNode again = Cli.manifest(out).path("items");
      for (int i = 0; i < 6; i++) {
        assertThat(again.get(i).path("resumed").asBoolean()).as("item " + i).isEqualTo(i != 1 && i != 4);
        assertThat(again.get(i).path("sha256").asText()).isEqualTo(first.get(i).path("sha256").asText());
        assertThat(again.get(i).path("bytes").asLong()).isEqualTo(first.get(i).path("bytes").asLong());
      }
      assertThat(Cli.manifest(out).path("summary").path("resumed").asInt()).isEqualTo(4);

      server.resetCounts();
      assertThat(Cli.against(dir, server.urls(), "--resume").status()).isEqualTo(PipelineCommand.OK);
      assertThat(server.requests()).isZero();
    }
  }

  @Test
  void everyModeWritesTheSameOutputs() throws Exception {
    try (ImageServer server = Cli.smallServer().start()) {
      Map<String, List<String>> hashes = new HashMap<>();
      for (Mode mode : Mode.values()) {
        if (mode == Mode.DOWNLOAD_ONLY || mode == Mode.PROCESS_ONLY) {
          continue;
        }
        Path sub = dir.resolve(mode.label());
        Files.createDirectories(sub);
        Cli.Ran ran = Cli.against(sub, server.urls(), "--mode", mode.label());
        assertThat(ran.status()).as(mode + ": " + ran.out() + ran.err()).isZero();
        List<String> h = new ArrayList<>();
        Cli.manifest(sub.resolve("out")).path("items").forEach(i -> h.add(i.path("sha256").asText()));
        hashes.put(mode.label(), h);
      }
      assertThat(new HashSet<>(hashes.values())).hasSize(1);
    }
  }

  @Test
  void downloadOnlyThenProcessOnlyMakeWhatPipelinedMakes() throws Exception {
    try (ImageServer server = Cli.smallServer().start()) {
      Cli.Ran dl = Cli.against(dir, server.urls(), "--mode", "download-only");
      assertThat(dl.status()).isZero();
      JsonNode downloaded = Cli.manifest(dir.resolve("out")).path("items");
      assertThat(downloaded.get(0).path("output").isNull()).isTrue();
      assertThat(downloaded.get(0).path("bytes").asLong()).isEqualTo(server.photo(0).length);
      server.resetCounts();
      Cli.Ran proc = Cli.against(dir, server.urls(), "--mode", "process-only");
      assertThat(proc.status()).isZero();
      assertThat(server.requests()).isZero();
      List<String> processed = new ArrayList<>();
      Cli.manifest(dir.resolve("out")).path("items").forEach(i -> processed.add(i.path("sha256").asText()));

      Path other = dir.resolve("p");
      Files.createDirectories(other);
      Cli.against(other, server.urls());
      List<String> pipelined = new ArrayList<>();
      Cli.manifest(other.resolve("out")).path("items").forEach(i -> pipelined.add(i.path("sha256").asText()));
      assertThat(processed).isEqualTo(pipelined);
    }
  }

  @Test
  void processOnlyWithoutDownloadsFailsEachItemByName() throws Exception {
    try (ImageServer server = Cli.smallServer().images(2).start()) {
      Cli.Ran ran = Cli.against(dir, server.urls(), "--mode", "process-only");
      assertThat(ran.status()).isEqualTo(PipelineCommand.SOME_FAILED);
      JsonNode items = Cli.manifest(dir.resolve("out")).path("items");
      assertThat(items.get(0).path("errorKind").asText()).isEqualTo("file-io");
      assertThat(items.get(0).path("error").asText()).contains("download-only");
    }
  }

  @Test
  void boundedNeverHasMoreThanFourDownloadsInFlightAndTheLimitHoldsPerHost() throws Exception {
    try (ImageServer server = Cli.smallServer().images(10).latency(java.time.Duration.ofMillis(60)).start()) {
      assertThat(Cli.against(dir, server.urls(), "--mode", "bounded").status()).isZero();
      assertThat(server.mostInFlight()).isBetween(1, 4);
      server.resetCounts();
      assertThat(Cli.against(dir, server.urls(), "--limit", "3").status()).isZero();
      assertThat(server.mostInFlight()).isBetween(1, 3);
      server.resetCounts();
      assertThat(Cli.against(dir, server.urls(), "--mode", "sync").status()).isZero();
      assertThat(server.mostInFlight()).isEqualTo(1);
    }
  }
}
