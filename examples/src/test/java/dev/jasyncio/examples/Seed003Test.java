package dev.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Seed 003's lessons: hello1/hello2, subprocesses. */
class Seed003Test {

  @Test
  void hello2PrintsFirstBecauseHello1Sleeps() {
    Runs.Ran ran = Runs.virtual(new Hello1Hello2());
    assertThat(ran.lines()).containsExactly("hi 2", "hi 1");
    assertThat(ran.seconds()).isEqualTo(0.5);
  }
}
