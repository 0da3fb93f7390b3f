package dev.jasyncio.bench.peers.jox;

import static com.softwaremill.jox.structured.Scopes.supervised;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.structured.Fork;
import dev.jasyncio.bench.Bodies;
import dev.jasyncio.bench.Peer;
import dev.jasyncio.bench.PrimitiveWorkloads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The workloads in Jox (SoftwareMill): structured scopes ({@code supervised} + {@code fork}) of
 * virtual threads and Jox channels (rendezvous for the one-shot hand-off, buffered for queues).
 * Jox's scopes build on the JDK 25 preview {@code StructuredTaskScope}, so this class is compiled
 * and run with preview features on.
 */
public final class JoxPeer implements Peer {
  /** The peer. */
  public JoxPeer() {}

  @Override
  public Bodies workloads() {
    return new Bodies()
        .on(PrimitiveWorkloads.SPAWN, JoxPeer::spawn)
        .on(PrimitiveWorkloads.PROMISE_PINGPONG,
            n -> pingPong(Channel.newRendezvousChannel(), Channel.newRendezvousChannel(), n))
        .on(PrimitiveWorkloads.QUEUE_PINGPONG,
            n -> pingPong(Channel.newBufferedChannel(1), Channel.newBufferedChannel(1), n))
        .on(PrimitiveWorkloads.SEMAPHORE, JoxPeer::semaphore)
        .on(PrimitiveWorkloads.PRODUCER_CONSUMER, JoxPeer::producerConsumer)
        .on(PrimitiveWorkloads.SLEEP_100K, JoxPeer::sleep)
        .on(PrimitiveWorkloads.SLEEP_1M, JoxPeer::sleep);
  }

  private static long spawn(int n) throws Exception {
    return supervised(scope -> {
      List<Fork<Integer>> fs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int v = i;
        fs.add(scope.fork(() -> v));
      }
      long sum = 0;
      for (Fork<Integer> f : fs) {
        sum += f.join();
      }
      return sum;
    });
  }

  private static long pingPong(Channel<Integer> ping, Channel<Integer> pong, int n) throws Exception {
    return supervised(scope -> {
      scope.fork(() -> {
        for (int i = 0; i < n; i++) {
          pong.send(ping.receive() + 1);
        }
        return null;
      });
      Fork<Long> pinger = scope.fork(() -> {
        long sum = 0;
        for (int i = 0; i < n; i++) {
          ping.send(i);
          sum += pong.receive();
        }
        return sum;
      });
      return pinger.join();
    });
  }

  private static long semaphore(int n) throws Exception {
    Semaphore sem = new Semaphore(100);
    return supervised(scope -> {
      List<Fork<Void>> fs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        fs.add(scope.fork(() -> {
          sem.acquire();
          try {
            Thread.yield();
          } finally {
            sem.release();
          }
          return null;
        }));
      }
      for (Fork<Void> f : fs) {
        f.join();
      }
      return (long) n;
    });
  }

  private static long producerConsumer(int n) throws Exception {
    Channel<Integer> ch = Channel.newBufferedChannel(1024);
    return supervised(scope -> {
      scope.fork(() -> {
        for (int i = 0; i < n; i++) {
          ch.send(i);
        }
        return null;
      });
      Fork<Long> consumer = scope.fork(() -> {
        long sum = 0;
        for (int i = 0; i < n; i++) {
          sum += ch.receive();
        }
        return sum;
      });
      return consumer.join();
    });
  }

  private static long sleep(int n) throws Exception {
    return supervised(scope -> {
      List<Fork<Void>> fs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        fs.add(scope.fork(() -> {
          Thread.sleep(1000);
          return null;
        }));
      }
      for (Fork<Void> f : fs) {
        f.join();
      }
      return (long) n;
    });
  }
}
