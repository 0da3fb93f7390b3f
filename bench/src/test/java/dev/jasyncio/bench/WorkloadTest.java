package dev.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A workload's least warm-up time: a second unless it says more, and never negative. */
class WorkloadTest {
  @Test
  void aWorkloadWarmsUpForASecondUnlessItSaysMore() {
    assertThat(Workload.named("plain").build().warmSeconds()).isEqualTo(1.0);
    assertThat(PrimitiveWorkloads.SPAWN.warmSeconds()).isEqualTo(1.0);
    assertThat(HttpWorkloads.HTTP_GET.warmSeconds()).isEqualTo(6.0);
    assertThat(RedisWorkloads.REDIS_QUEUE.warmSeconds()).isEqualTo(10.0);
  }

  @Test
  void aNegativeOrMissingWarmUpTimeIsRefusedByName() {
    assertThatThrownBy(() -> Workload.named("cold").warmSeconds(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cold")
        .hasMessageContaining("warm-up time");
    assertThatThrownBy(() -> Workload.named("nan").warmSeconds(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nan");
  }
}
