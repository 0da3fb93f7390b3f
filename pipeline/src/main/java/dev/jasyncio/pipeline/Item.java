package dev.jasyncio.pipeline;

import java.net.URI;

/**
 * One input URL and what became of it: the manifest's item. Filled in by the stages, on the
 * loop (tasks of one loop never race), and read when the run is over.
 */
final class Item {
  final int index;
  final URI url;
  final String name;

  String status = "pending";
  ErrorKind errorKind;
  String error;
  long bytes = -1;
  /** Offsets from the run's start, in seconds; negative when the stage did not run. */
  double downloadStart = -1;
  double downloadEnd = -1;
  double processStart = -1;
  /** When a CPU-pool thread took it up: the time before is spent queued for a core. */
  volatile double cpuStart = -1;
  double processEnd = -1;
  double decodeSeconds;
  double filterSeconds;
  double encodeSeconds;
  double cpuSeconds = -1;
  int width;
  int height;
  String output;
  String sha256;
  boolean resumed;
  /** With {@code --queue}: the worker whose result counted, and which delivery of its job that was. */
  String worker;
  long deliveries;

  Item(int index, URI url, String name) {
    this.index = index;
    this.url = url;
    this.name = name;
  }

  boolean failed() {
    return "failed".equals(status);
  }

  boolean ok() {
    return "ok".equals(status);
  }

  void fail(ErrorKind kind, String message) {
    status = "failed";
    errorKind = kind;
    error = message;
  }

  double downloadSeconds() {
    return downloadEnd < 0 ? 0 : downloadEnd - downloadStart;
  }

  double processSeconds() {
    return processEnd < 0 ? 0 : processEnd - processStart;
  }
}
