package dev.jasyncio.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.bench.Bodies;
import dev.jasyncio.bench.PrimitiveWorkloads;
import org.junit.jupiter.api.Test;

class OneCarrierFloorPeerTest {
  @Test
  void pingPongHandsEveryValueBackIncrementedOnTheCallingThread() throws Exception {
    Bodies.Body body = new OneCarrierFloorPeer().workloads().asMap().get(PrimitiveWorkloads.PROMISE_PINGPONG);
    int n = 10_000;
    // the same checksum as the other peers: the sum of i + 1 over every round trip
    assertThat(body.run(n, null)).isEqualTo((long) n * (n + 1) / 2);
    assertThat(body.run(1, null)).isEqualTo(1);
  }

  @Test
  void runsOnlyTheWorkloadItIsTheFloorOf() {
    assertThat(new OneCarrierFloorPeer().workloads().asMap()).containsOnlyKeys(PrimitiveWorkloads.PROMISE_PINGPONG);
  }
}
