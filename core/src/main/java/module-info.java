/**
 * jasyncio: Python's asyncio model on virtual threads. {@code dev.jasyncio} holds the loop, tasks,
 * promises, structured concurrency and primitives; {@code dev.jasyncio.io} the streams,
 * datagrams, subprocesses, files and signals. Everything else is internal.
 *
 * <p>The carrier backend needs {@code --add-opens java.base/java.lang=dev.jasyncio} when this
 * module is on the module path ({@code =ALL-UNNAMED} on the class path).
 */
module dev.jasyncio {
  requires jdk.unsupported; // sun.misc.Signal: the JDK's only signal API
  // JFR events (task, cancel, slow step, stall, offload). Not static: every JDK has jdk.jfr, and
  // an optional module would need a guard at every event site and lose the events unnoticed
  // on the module path.
  requires jdk.jfr;

  exports dev.jasyncio;
  exports dev.jasyncio.io;
  // a blocking section for socket calls, for the HTTP client's and the Redis queue's modules
  exports dev.jasyncio.internal to dev.jasyncio.http, dev.jasyncio.redis;
}
