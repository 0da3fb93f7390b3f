package dev.jasyncio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html, parsed as a browser would: self-contained, a span per stage per image, the chart. */
class ReportTest {
  @TempDir
  Path dir;

  @Test
  void compareRunsEveryModeAndTheReportShowsTimelineSharesThroughputAndTheChart() throws Exception {
    try (ImageServer server = Cli.smallServer().images(4).fault(3, Fault.NOT_FOUND).start()) {
      Cli.Ran ran = Cli.against(dir, server.urls(), "--compare");
      assertThat(ran.status()).as(ran.out() + ran.err()).isEqualTo(PipelineCommand.SOME_FAILED);
      for (Mode m : Mode.values()) {
        assertThat(ran.out()).contains(m.label());
      }
      assertThat(ran.out()).contains("speed-up");

      Path out = dir.resolve("out");
      String html = Files.readString(out.resolve("report.html"));
      Document doc = Jsoup.parse(html);
      // Self-contained: no scripts, stylesheets, images or frames fetched from anywhere.
      assertThat(doc.select("script[src], link[href], img[src], iframe")).isEmpty();
      assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").replace("http://127.0.0.1:", ""))
          .doesNotContain("http:").doesNotContain("https:").doesNotContain("url(");

      Element timeline = doc.selectFirst("svg#timeline");
      assertThat(timeline).isNotNull();
      assertThat(timeline.select("rect.download")).hasSize(4);
      assertThat(timeline.select("rect.process")).hasSize(3);
      assertThat(timeline.select("rect.failure")).hasSize(1);
      assertThat(timeline.select("rect.failure").attr("data-item")).isEqualTo("3");
      for (Element r : timeline.select("rect.download, rect.process")) {
        assertThat(Double.parseDouble(r.attr("width"))).isPositive();
        assertThat(r.selectFirst("title")).isNotNull();
      }

      Element shares = doc.selectFirst("table#shares");
      assertThat(shares.select("tr[data-stage=download] td")).hasSizeGreaterThan(4);
      assertThat(shares.select("tr[data-stage=process] td").get(3).text()).endsWith("%");
      assertThat(doc.select("svg#share-chart rect.cpu")).hasSize(2);
      assertThat(doc.selectFirst("#throughput").text()).contains("images/s").contains("MB/s");

      Element chart = doc.selectFirst("svg#compare-chart");
      assertThat(chart.select("rect.bar-total")).hasSize(Mode.values().length);
      Element table = doc.selectFirst("table#compare");
      assertThat(table.select("tr[data-mode]")).hasSize(Mode.values().length);
      assertThat(table.select("tr[data-mode=sync] td").get(4).text()).isEqualTo("1.0x");
      assertThat(doc.select("table#items tr[data-item]")).hasSize(4);
      assertThat(doc.select("table#items tr.failed").text()).contains("http-status");

      for (Mode m : Mode.values()) {
        if (m != Mode.PIPELINED) {
          assertThat(out.resolve("compare").resolve(m.label()).resolve("manifest.json")).doesNotExist();
        }
      }
    }
  }
}
