package dev.jasyncio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: help, and every bad value a named error with status 1. */
class CliTest {
  @TempDir
  Path dir;

  @Test
  void helpListsEveryOption() {
    Cli.Ran ran = Cli.run("--help");
    assertThat(ran.status()).isZero();
    for (String option : List.of("--images", "--size", "--seed", "--latency", "--bandwidth", "--fault", "--urls",
        "--out", "--mode", "--compare", "--limit", "--format", "--max-pixels", "--resume", "--connect-timeout",
        "--read-timeout", "--timeout", "--retries", "--help", "--version")) {
      assertThat(ran.out()).as(option).contains(option);
    }
    assertThat(ran.out()).contains("pipelined").contains("download-only").contains("Exit status");
    assertThat(ran.out()).contains("--queue").contains("--queue-name").contains("--redis-timeout")
        .contains("Commands:").contains("worker").contains("pipeline worker --queue redis://HOST:PORT");
  }

  @Test
  void workerHelpListsEveryOption() {
    Cli.Ran ran = Cli.run("worker", "--help");
    assertThat(ran.status()).isZero();
    for (String option : List.of("--queue", "--queue-name", "--redis-timeout", "--out", "--concurrency",
        "--visibility-timeout", "--max-deliveries", "--burst", "--help")) {
      assertThat(ran.out()).as(option).contains(option);
    }
    assertThat(ran.out()).startsWith("Usage: pipeline worker").contains("Exit status");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--latency|fast|--latency",
      "--latency|5parsecs|--latency",
      "--bandwidth|lots|--bandwidth",
      "--bandwidth|4XB/s|--bandwidth",
      "--size|1920|--size",
      "--size|0x10|--size",
      "--mode|turbo|--mode",
      "--format|gif|--format",
      "--max-pixels|many|--max-pixels",
      "--limit|0|--limit",
      "--limit|eight|--limit",
      "--images|0|--images",
      "--retries|-1|--retries",
      "--timeout|0s|--timeout",
      "--fault|3=EXPLODE|--fault",
      "--fault|99=STALL|--fault",
  })
  void aBadValueIsANamedUsageError(String option, String value, String named) {
    Cli.Ran ran = Cli.run("--out", dir.resolve("out").toString(), option, value);
    assertThat(ran.status()).as(ran.err()).isEqualTo(PipelineCommand.USAGE);
    assertThat(ran.err()).contains(named).contains("--help");
    assertThat(dir.resolve("out")).doesNotExist(); // nothing ran
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Cli.Ran ran = Cli.run("--turbo");
    assertThat(ran.status()).isEqualTo(PipelineCommand.USAGE);
    assertThat(ran.err()).contains("--turbo");
  }

  @Test
  void aBadUrlsFileNamesTheLine() throws Exception {
    Path urls = dir.resolve("urls.txt");
    Files.write(urls, List.of("# photos", "http://127.0.0.1:1/a.jpg", "", "ftp://example/b.jpg"));
    Cli.Ran ran = Cli.run("--urls", urls.toString(), "--out", dir.resolve("out").toString());
    assertThat(ran.status()).isEqualTo(PipelineCommand.USAGE);
    assertThat(ran.err()).contains("line 4").contains("ftp://example/b.jpg");

    Files.write(urls, List.of("# only comments"));
    assertThat(Cli.run("--urls", urls.toString()).err()).contains("has no URLs");
    assertThat(Cli.run("--urls", dir.resolve("missing.txt").toString()).err()).contains("cannot read --urls");
  }

  @Test
  void unitsParse() {
    assertThat(Units.duration("150ms").toMillis()).isEqualTo(150);
    assertThat(Units.duration("1.5s").toMillis()).isEqualTo(1500);
    assertThat(Units.duration("2m").toSeconds()).isEqualTo(120);
    assertThat(Units.bandwidth("4MB/s")).isEqualTo(4_000_000);
    assertThat(Units.bandwidth("1MiB/s")).isEqualTo(1_048_576);
    assertThat(Units.bandwidth("512KB/s")).isEqualTo(512_000);
    assertThat(Units.pixels("50MP")).isEqualTo(50_000_000);
    assertThat(Units.size("1920x1080")).containsExactly(1920, 1080);
    assertThatThrownBy(() -> Units.size("1920"))
        .hasMessageContaining("'1920' is not a size WIDTHxHEIGHT");
    assertThatThrownBy(() -> Units.size("0x10"))
        .hasMessageContaining("the size '0x10' needs a width and a height of at least 1 pixel");
  }

  @Test
  void aConnectionRefusedIsAnItemFailureNotACrash() throws Exception {
    Path urls = dir.resolve("urls.txt");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Files.write(urls, List.of("http://127.0.0.1:" + port + "/a.jpg"));
    Cli.Ran ran = Cli.run("--urls", urls.toString(), "--out", dir.resolve("out").toString(), "--retries", "0");
    assertThat(ran.status()).as(ran.out() + ran.err()).isEqualTo(PipelineCommand.SOME_FAILED);
    assertThat(Cli.manifest(dir.resolve("out")).path("items").get(0).path("errorKind").asText())
        .isEqualTo("connection-failed");
  }
}
