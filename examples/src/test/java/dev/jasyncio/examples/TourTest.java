package dev.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tour itself: names, lessons, lookup, and what it prints around an example. */
class TourTest {

  @Test
  void everyExampleHasAUniqueNameATitleAndALesson() {
    List<Example> all = Tour.examples();
    assertThat(all).extracting(Example::name).doesNotHaveDuplicates()
        .allMatch(n -> n.matches("[a-z0-9_-]+"));
    assertThat(all).allSatisfy(e -> {
      assertThat(e.title()).startsWith("seed");
      assertThat(e.lesson()).isNotBlank();
    });
  }

  @Test
  void findNamesTheKnownExamplesWhenTheNameIsWrong() {
    assertThat(Tour.find("countasync")).isInstanceOf(CountAsync.class);
    assertThatThrownBy(() -> Tour.find("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no example named 'nope'").hasMessageContaining("countasync");
  }

  @Test
  void anExampleWithoutOptionsRefusesArguments() {
    assertThatThrownBy(() -> new CountAsync().withArgs(List.of("-x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("countasync takes no arguments");
  }

  @Test
  void showPrintsTitleLessonIndentedOutputAndTheVirtualElapsedTime() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    Tour.show(new Chess(), out, 13, 20);
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("[13/20] chess  seed 002", "  output:",
        "\n    synchronous: 43200 s = 12.0 hours", "on a virtual clock");
  }

  @Test
  void longDurationsAreAlsoShownInHours() {
    assertThat(Tour.human(3600)).isEqualTo("3600.00 s (1.0 h)");
    assertThat(Tour.human(1.5)).isEqualTo("1.50 s");
  }
}
