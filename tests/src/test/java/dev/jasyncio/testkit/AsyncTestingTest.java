package dev.jasyncio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** AsyncTesting.runTest: the testkit without the annotation. */
class AsyncTestingTest {

  @Test
  void runsOnAVirtualClockAndReturnsTheResult() {
    double t = AsyncTesting.runTest(() -> {
      Async.sleep(Duration.ofMinutes(10));
      return Async.currentLoop().time();
    });
    assertThat(t).isEqualTo(600.0);
  }

  @Test
  void aLeakedTaskFailsWithItsName() {
    assertThatThrownBy(() -> AsyncTesting.runTest(() -> {
      Async.createTask(() -> Async.sleep(Duration.ofHours(1)), "left-behind");
      return null;
    })).isInstanceOf(AssertionError.class).hasMessageContaining("'left-behind'")
        .hasMessageContaining("AsyncTestingTest");
  }

  @Test
  void anUnretrievedFailureFailsTheCall() {
    assertThatThrownBy(() -> AsyncTesting.runTest(() -> {
      Async.createTask(() -> {
        throw new IllegalStateException("lost");
      }, "forgotten");
      Async.sleep(Duration.ofSeconds(1));
      return null;
    })).isInstanceOf(AssertionError.class).hasMessageContaining("'forgotten'").hasMessageContaining("lost");
  }

  @Test
  void theBodysOwnExceptionComesOutAsIs() {
    assertThatThrownBy(() -> AsyncTesting.runTest(() -> {
      throw new IOException("checked");
    })).isExactlyInstanceOf(IOException.class).hasMessage("checked");
  }
}
