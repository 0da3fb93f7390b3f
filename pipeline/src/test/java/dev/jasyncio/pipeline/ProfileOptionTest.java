package dev.jasyncio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --profile FILE}: the run's profile, a row per stage, as text and as a self-contained page. */
class ProfileOptionTest {
  @TempDir
  Path dir;

  @Test
  void theProfileSplitsTheRunIntoItsDownloadAndProcessStages() throws Exception {
    try (ImageServer server = Cli.smallServer().start()) {
      Path base = dir.resolve("profile");
      Cli.Ran ran = Cli.against(dir, server.urls(), "--mode", "async-cpu", "--profile", base.toString());
      assertThat(ran.status()).as(ran.out() + ran.err()).isEqualTo(PipelineCommand.OK);
      assertThat(ran.out()).contains("profile: [").contains("jasyncio profile");

      String text = Files.readString(dir.resolve("profile.txt"));
      assertThat(text).contains("download").contains("process");
      Document doc = Jsoup.parse(Files.readString(dir.resolve("profile.html")));
      assertThat(doc.select("svg rect[data-row=download]")).isNotEmpty();
      assertThat(doc.select("svg rect[data-row=process]")).isNotEmpty();
      assertThat(doc.select("tr[data-row=download] td").first().text()).isEqualTo("download");
      assertThat(doc.select("script, link, img")).isEmpty(); // nothing from elsewhere
    }
  }
}
