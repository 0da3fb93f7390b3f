package dev.jasyncio.bench.jmh;

import dev.jasyncio.Backend;
import dev.jasyncio.Loop;
import java.util.Locale;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One loop per benchmark thread and trial, on the backend of the {@code backend} parameter. */
@State(Scope.Thread)
public class BackendState {
  /** The loop backend. */
  @Param({"carrier", "portable"})
  public String backend;

  /** The loop every invocation runs on (a loop can run many times). */
  public Loop loop;

  /** Builds the loop. */
  @Setup(Level.Trial)
  public void open() {
    loop = Loop.builder().backend(Backend.valueOf(backend.toUpperCase(Locale.ROOT))).build();
  }

  /** Closes the loop. */
  @TearDown(Level.Trial)
  public void close() {
    loop.close();
  }
}
