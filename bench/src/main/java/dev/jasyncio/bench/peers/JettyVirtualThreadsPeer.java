package dev.jasyncio.bench.peers;

import dev.jasyncio.bench.Bodies;
import dev.jasyncio.bench.HttpServerWorkloads;
import dev.jasyncio.bench.Peer;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Plain Jetty 12 (no jasyncio) with virtual-thread handlers: Jetty's thread pool runs every
 * blocking handler on a new virtual thread of the JDK's scheduler, which sleeps with
 * {@code Thread.sleep} in the awaiting workload. The same Jetty version and connector settings as
 * jasyncio's WebApp, so the difference is the hand-off to the loop.
 */
public final class JettyVirtualThreadsPeer implements Peer {
  private static final ByteBuffer BODY = ByteBuffer.allocateDirect(HttpServerWorkloads.BODY_SIZE).asReadOnlyBuffer();

  /** The peer. */
  public JettyVirtualThreadsPeer() {}

  @Override
  public Bodies workloads() {
    return new Bodies()
        .on(HttpServerWorkloads.HTTP_SERVER, n -> serve(n, 0))
        .on(HttpServerWorkloads.HTTP_SERVER_AWAIT, n -> serve(n, HttpServerWorkloads.AWAIT_MILLIS));
  }

  private static long serve(int n, int sleepMillis) throws Exception {
    AtomicInteger answered = new AtomicInteger();
    CompletableFuture<Void> enough = new CompletableFuture<>();
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() { // blocking: Jetty runs it on a virtual thread
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (sleepMillis > 0) {
          Thread.sleep(sleepMillis);
        }
        if (answered.incrementAndGet() == n) {
          enough.complete(null);
        }
        response.getHeaders().put("Content-Type", "application/octet-stream");
        response.write(true, BODY.slice(), callback);
        return true;
      }
    });
    server.setStopTimeout(0);
    server.start();
    try (Wrk wrk = Wrk.start("http://127.0.0.1:" + connector.getLocalPort() + "/")) {
      enough.join();
    } finally {
      server.stop();
    }
    return answered.get();
  }
}
