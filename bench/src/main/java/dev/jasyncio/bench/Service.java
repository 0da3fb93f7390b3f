package dev.jasyncio.bench;

import java.nio.file.Path;

/**
 * A server the harness starts once for a workload and shares with every peer, such as a
 * redis-server or an HTTP server the peers' clients hit ({@link Workload.Builder#service}). The
 * harness starts it before the workload's first peer, passes {@link #address()} to each peer
 * process as its last argument, and closes it after the last peer, also when a peer fails.
 */
public interface Service extends AutoCloseable {
  /**
   * Where the peers reach the service, in whatever form its peers parse (for example
   * {@code 127.0.0.1:6379} or {@code http://127.0.0.1:8080/}).
   *
   * @return the address, without spaces
   */
  String address();

  /**
   * Stops the service and frees what it holds (processes, ports, files).
   *
   * @throws Exception if it could not be stopped
   */
  @Override
  void close() throws Exception;

  /** Starts a {@link Service}. */
  @FunctionalInterface
  interface Factory {
    /**
     * Starts the service and returns once it accepts requests.
     *
     * @param home the repository's root (to find scripts or build output)
     * @return the running service
     * @throws Exception if it could not start; the workload is then reported as not run
     */
    Service start(Path home) throws Exception;
  }
}
