package dev.jasyncio.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Every workload the harness knows, in table order: one list per family. */
public final class Workloads {
  private Workloads() {}

  /** Every workload, in table order. */
  public static final List<Workload> ALL = Stream.of(
          PrimitiveWorkloads.ALL,
          TcpWorkloads.ALL,
          HttpWorkloads.ALL,
          HttpServerWorkloads.ALL,
          RedisWorkloads.ALL)
      .flatMap(List::stream).toList();

  /**
   * The workload named {@code id}.
   *
   * @param id a workload name
   * @return the workload
   * @throws IllegalArgumentException naming the known workloads, if there is none
   */
  public static Workload named(String id) {
    String key = id.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(w -> w.id().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + id + "'; known: "
            + String.join(" ", ALL.stream().map(Workload::id).toList())));
  }
}
