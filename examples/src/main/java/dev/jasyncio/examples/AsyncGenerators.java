package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.AsyncStream;
import java.io.PrintStream;
import java.util.List;

/** Seed 002: async generators, {@code async for} and async comprehensions. */
public final class AsyncGenerators implements Example {
  @Override
  public String name() {
    return "asyncgen";
  }

  @Override
  public String title() {
    return "seed 002: async generators and comprehensions (AsyncStream)";
  }

  @Override
  public String lesson() {
    return "An AsyncStream is an async generator: the producer runs only while the consumer waits"
        + " for its next value, and a plain for-each is async for. It is not concurrency: each"
        + " pass over mygen() takes its 10 x 0.1 s. To stop early, close the stream"
        + " (try-with-resources): that cancels the producer.";
  }

  /** Yields powers of 2, pausing 0.1 s after each. */
  static AsyncStream<Integer> mygen(int u) {
    return AsyncStream.generate(out -> {
      for (int i = 0; i < u; i++) {
        out.emit(1 << i);
        Async.sleep(0.1);
      }
    });
  }

  @Override
  public void run(PrintStream out) {
    List<Integer> g = mygen(10).toList(); // [i async for i in mygen()]
    List<Integer> f = mygen(10).filter(j -> j / 3 % 5 == 0).toList(); // ... if not (j // 3 % 5)
    out.println("g = " + g);
    out.println("f = " + f);
    try (AsyncStream<Integer> powers = mygen(10)) { // async for, stopping early
      for (int p : powers) {
        if (p > 8) {
          out.println("break at " + p + ": closing the stream cancels the generator");
          break;
        }
        out.println("async for got " + p);
      }
    }
  }
}
