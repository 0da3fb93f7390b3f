package dev.jasyncio.web;

import dev.jasyncio.Async;
import dev.jasyncio.AsyncStream;
import dev.jasyncio.CancelledException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request's task body: run the handler chain, then write the response through Jetty. A
 * whole body is handed to Jetty with the exchange's callback; a streamed one is written item by
 * item, suspending the task (not the loop) while Jetty's buffers are full. Jetty's callback is
 * completed exactly once: after the last byte, or failed if the client went away or the task
 * was cancelled.
 */
final class Exchange {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private Exchange() {}

  static void run(WebRequest wr, Request request, Response response, Callback callback, Handler chain) {
    try {
      WebResponse r = chain.handle(wr);
      if (r.stream() == null) {
        // A whole body: Jetty writes it (at once, as a rule) and completes the exchange itself.
        byte[] body = headers(wr, response, r);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return;
      }
      headers(wr, response, r);
      stream(response, r.stream());
      callback.succeeded();
    } catch (CancelledException c) {
      if (response.isCommitted()) {
        callback.failed(c); // mid-body: abort the response
      } else {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        Response.writeError(request, response, callback, 503, "request cancelled: " + c.getMessage());
      }
      throw c;
    } catch (Throwable t) {
      // Headers are gone or the client is: the response can only be aborted.
      if (t instanceof java.io.IOException || t.getCause() instanceof java.io.IOException) {
        ErrorResponses.LOG.log(Level.DEBUG, () -> wr + ": response aborted, the client went away: " + t);
      } else {
        ErrorResponses.LOG.log(Level.ERROR, wr + ": response aborted while streaming its body", t);
      }
      callback.failed(t);
    }
  }

  /** Sets status and headers; returns the whole body, or null for a streamed one. */
  private static byte[] headers(WebRequest wr, Response response, WebResponse r) {
    response.setStatus(r.status());
    HttpFields.Mutable h = response.getHeaders();
    h.put("X-Request-Id", wr.requestId());
    if (r.contentType() != null) {
      h.put(HttpHeader.CONTENT_TYPE, r.contentType());
    }
    for (String[] kv : r.headerList()) {
      h.add(kv[0], kv[1]);
    }
    return r.body();
  }

  /** Sends each item as it comes; closing the stream (also on failure) cancels its producer. */
  private static void stream(Response response, AsyncStream<?> stream) {
    try (stream) {
      for (Object item : stream) {
        write(response, false, toBuffer(item));
      }
    }
    write(response, true, EMPTY);
  }

  private static ByteBuffer toBuffer(Object item) {
    if (item instanceof byte[] b) {
      return ByteBuffer.wrap(b);
    }
    if (item instanceof ByteBuffer b) {
      return b;
    }
    if (item instanceof CharSequence s) {
      return ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.UTF_8));
    }
    throw new IllegalArgumentException("a streamed body's items are String, byte[] or ByteBuffer, not "
        + (item == null ? "null" : item.getClass().getName()));
  }

  /** Writes through Jetty; suspends the task only if Jetty could not write at once. */
  static void write(Response response, boolean last, ByteBuffer data) {
    Callback.Completable done = new Callback.Completable();
    response.write(last, data, done);
    awaitJetty(done);
  }

  /** Awaits a Jetty completion; the common case (already done) costs no hop through the loop. */
  static void awaitJetty(java.util.concurrent.CompletableFuture<Void> done) {
    if (!done.isDone()) {
      Async.await(done);
      return;
    }
    try {
      done.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new CompletionException(c);
    }
  }
}
