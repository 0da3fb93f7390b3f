package dev.jasyncio.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The workloads one {@link Peer} runs, each with its {@link Body}, in declaration order. */
public final class Bodies {
  /** One run of a workload. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs the workload once.
     *
     * @param n the workload's size (tasks, round trips, items, connections)
     * @param service the address of the workload's shared {@link Service}, or null if it has none
     * @return a checksum of the work done, so none of it can be optimized away
     * @throws Exception if the workload fails
     */
    long run(int n, String service) throws Exception;
  }

  /** A body that needs no service. */
  @FunctionalInterface
  public interface Sized {
    /**
     * Runs the workload once.
     *
     * @param n the workload's size
     * @return a checksum of the work done
     * @throws Exception if the workload fails
     */
    long run(int n) throws Exception;
  }

  private final Map<Workload, Body> bodies = new LinkedHashMap<>();

  /** No workloads yet. */
  public Bodies() {}

  /**
   * Declares a workload.
   *
   * @param workload the workload
   * @param body its implementation
   * @return this
   * @throws IllegalArgumentException if the workload is declared twice
   */
  public Bodies on(Workload workload, Body body) {
    if (bodies.putIfAbsent(workload, body) != null) {
      throw new IllegalArgumentException("workload " + workload + " declared twice");
    }
    return this;
  }

  /**
   * Declares a workload that needs no service.
   *
   * @param workload the workload
   * @param body its implementation
   * @return this
   */
  public Bodies on(Workload workload, Sized body) {
    return on(workload, (n, service) -> body.run(n));
  }

  /**
   * The same workloads, each body wrapped, for example to run inside a fresh event loop.
   *
   * @param wrap makes the body to run from the declared one
   * @return new bodies
   */
  public Bodies map(UnaryOperator<Body> wrap) {
    Bodies b = new Bodies();
    bodies.forEach((w, body) -> b.on(w, wrap.apply(body)));
    return b;
  }

  /**
   * Every declared workload with its body.
   *
   * @return an unmodifiable view
   */
  public Map<Workload, Body> asMap() {
    return Collections.unmodifiableMap(bodies);
  }
}
