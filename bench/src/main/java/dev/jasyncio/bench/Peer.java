package dev.jasyncio.bench;

/**
 * One runtime's implementation of the comparison workloads, in a JVM: it declares the
 * {@link Workload}s it runs, each with its body. {@link PeerMain} starts it in a fresh JVM of its
 * own per workload; the Python and Go peers follow the same line protocol from their processes.
 *
 * <pre>{@code
 * public Bodies workloads() {
 *   return new Bodies()
 *       .on(PrimitiveWorkloads.SPAWN, n -> spawn(n))
 *       .on(TcpWorkloads.TCP_ECHO, n -> echo(n));
 * }
 * }</pre>
 */
public interface Peer {
  /**
   * The workloads this peer runs. A workload it does not declare shows as "–" in its column.
   *
   * @return each workload with its body
   */
  Bodies workloads();
}
