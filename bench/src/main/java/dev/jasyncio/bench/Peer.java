package dev.jasyncio.bench;

/**
 * One runtime's implementation of the comparison workloads (see {@link Workload}). A JVM peer is
 * started by {@link PeerMain} in a fresh JVM of its own; the Python and Go peers follow the same
 * line protocol from their own processes.
 */
public interface Peer {
  /**
   * Runs {@code workload} once at size {@code n}.
   *
   * @param workload a {@link Workload#kind() workload kind}, such as {@code "spawn"}
   * @param n the workload's size (tasks, round trips or items)
   * @return a checksum of the work done, so none of it can be optimized away
   * @throws UnsupportedOperationException with the reason, if this peer cannot run the workload
   * @throws Exception if the workload fails
   */
  long run(String workload, int n) throws Exception;
}
