package dev.jasyncio.bench;

import java.util.Objects;

/**
 * One comparison workload: its name (the same in every peer, whatever the language), its sizes and
 * how the table reads its time. A peer declares the workloads it runs ({@link Peer#workloads()}
 * for a JVM peer, the {@code WORKLOADS} registry of the Python and Go peers); the harness runs
 * each workload in every peer that declares it. Build one with {@link #named}:
 *
 * <pre>{@code
 * static final Workload TCP_ECHO = Workload.named("tcp-echo")
 *     .size(200_000).quick(50_000).unit("round trip")
 *     .what("100 connections echo 1 KiB messages")
 *     .build();
 * }</pre>
 *
 * @param id the name on the command line, in the table and in every peer's registry
 * @param n full size (tasks, round trips, items, connections), passed to the peer
 * @param quickN size under {@code --quick}, or 0 to leave the workload out of a quick run
 * @param runs measured runs (full)
 * @param warmups warm-up runs inside the peer process before measuring (full)
 * @param warmSeconds the least warm-up time of a full run, whatever the count: 1 s, more for a
 *     workload whose JVM peers keep getting faster for longer (a protocol client's many paths)
 * @param unit what one of {@code n} is, for the per-op column
 * @param what one line for the table's legend
 * @param baselineSeconds time every peer must spend whatever its speed (the sleeps' 1 s); the
 *     ratios compare the time above it
 * @param memoryPerItem whether the table shows (peak - base memory) / n, e.g. per sleeping task
 *     or per open connection
 * @param bytesPerItem payload bytes one of {@code n} moves, for a throughput column; 0 for none
 * @param filesPerItem open files one of {@code n} needs in the peer process (two sockets per
 *     loopback connection); the harness raises the peers' open-file limit to fit, or runs a
 *     smaller size and says so
 * @param service the shared server the harness starts for every peer of this workload, or null
 */
public record Workload(String id, int n, int quickN, int runs, int warmups, double warmSeconds,
    String unit, String what, double baselineSeconds, boolean memoryPerItem, long bytesPerItem,
    int filesPerItem, Service.Factory service) {

  /** Checks the values. */
  public Workload {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(what, "what");
    if (n <= 0 || quickN < 0 || runs <= 0 || warmups < 0) {
      throw new IllegalArgumentException(id + ": sizes and runs must be positive");
    }
    if (!(warmSeconds >= 0)) {
      throw new IllegalArgumentException(id + ": the warm-up time must be 0 or more, not "
          + warmSeconds);
    }
  }

  /**
   * Starts describing a workload.
   *
   * @param id its name (lower case, dashes), the key in every peer's registry
   * @return a builder
   */
  public static Builder named(String id) {
    return new Builder(id);
  }

  @Override
  public String toString() {
    return id;
  }

  /** Builds a {@link Workload}; sizes default to 100 k, 7 runs after 3 warm-ups. */
  public static final class Builder {
    private final String id;
    private int n = 100_000;
    private int quickN = -1;
    private int runs = 7;
    private int warmups = 3;
    private double warmSeconds = 1.0;
    private String unit = "op";
    private String what = "";
    private double baselineSeconds;
    private boolean memoryPerItem;
    private long bytesPerItem;
    private int filesPerItem;
    private Service.Factory service;

    private Builder(String id) {
      this.id = id;
    }

    /**
     * The full size.
     *
     * @param n size passed to the peers
     * @return this builder
     */
    public Builder size(int n) {
      this.n = n;
      return this;
    }

    /**
     * The {@code --quick} size (the full size unless told).
     *
     * @param quickN size under {@code --quick}; 0 leaves the workload out of a quick run
     * @return this builder
     */
    public Builder quick(int quickN) {
      this.quickN = quickN;
      return this;
    }

    /**
     * Measured and warm-up runs of a full run.
     *
     * @param runs measured runs
     * @param warmups warm-up runs before them, in the same process
     * @return this builder
     */
    public Builder runs(int runs, int warmups) {
      this.runs = runs;
      this.warmups = warmups;
      return this;
    }

    /**
     * The least warm-up time of a full run (default 1 s), for a workload whose JVM peers are
     * still compiling after a second of it.
     *
     * @param seconds the least time of the warm-up runs together
     * @return this builder
     */
    public Builder warmSeconds(double seconds) {
      this.warmSeconds = seconds;
      return this;
    }

    /**
     * What one of the size is.
     *
     * @param unit for example "task" or "round trip"
     * @return this builder
     */
    public Builder unit(String unit) {
      this.unit = unit;
      return this;
    }

    /**
     * The legend's line.
     *
     * @param what one sentence
     * @return this builder
     */
    public Builder what(String what) {
      this.what = what;
      return this;
    }

    /**
     * Time every peer must spend; the ratios compare the time above it.
     *
     * @param seconds for example 1 for "every task sleeps 1 s"
     * @return this builder
     */
    public Builder baseline(double seconds) {
      this.baselineSeconds = seconds;
      return this;
    }

    /**
     * Shows memory per item: (peak - memory before the first run) / size.
     *
     * @return this builder
     */
    public Builder memoryPerItem() {
      this.memoryPerItem = true;
      return this;
    }

    /**
     * Shows throughput: each item moves this many payload bytes.
     *
     * @param bytes bytes per item
     * @return this builder
     */
    public Builder bytesPerItem(long bytes) {
      this.bytesPerItem = bytes;
      return this;
    }

    /**
     * Open files each item needs in the peer process.
     *
     * @param files for example 2 per loopback connection (both ends in one process)
     * @return this builder
     */
    public Builder filesPerItem(int files) {
      this.filesPerItem = files;
      return this;
    }

    /**
     * A shared server the harness starts once for every peer of the workload.
     *
     * @param factory starts it
     * @return this builder
     */
    public Builder service(Service.Factory factory) {
      this.service = factory;
      return this;
    }

    /**
     * The workload.
     *
     * @return it
     */
    public Workload build() {
      return new Workload(id, n, quickN < 0 ? n : quickN, runs, warmups, warmSeconds, unit, what,
          baselineSeconds, memoryPerItem, bytesPerItem, filesPerItem, service);
    }
  }
}
