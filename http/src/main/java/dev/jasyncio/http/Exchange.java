package dev.jasyncio.http;

import dev.jasyncio.Async;
import dev.jasyncio.internal.CoreAccess;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One OkHttp call of a request (one hop): makes its blocking steps inside a blocking section for
 * socket calls ({@link Async#blocking}, kept on the loop on the carrier backend, where the socket
 * waits park only this task: a suspension point either way) and turns OkHttp's {@link IOException}s into this package's named errors. The
 * phase the call is in (connecting, writing, waiting for or reading the response), tracked by an
 * OkHttp {@link EventListener}, says which timeout fired.
 */
final class Exchange {
  /** Where the call is; read when a socket timeout fires. */
  enum Phase { CONNECT, WRITE, READ }

  /** A blocking step that may throw OkHttp's I/O exception. */
  @FunctionalInterface
  interface IoStep<T> {
    T run() throws IOException;
  }

  /** The phase of one call, carried as its request's tag (each hop has its own). */
  static final class Progress {
    volatile Phase phase = Phase.CONNECT;
  }

  final HttpSession session;
  final Call call;
  final TotalDeadline deadline;
  private final Progress progress;
  private URI url;

  Exchange(HttpSession session, Request request, TotalDeadline deadline) {
    this.session = session;
    this.deadline = deadline;
    this.progress = request.tag(Progress.class);
    this.call = session.client.newCall(request);
    if (deadline != null) {
      deadline.attach(call);
    }
  }

  /** The hop's URL (made on demand: most exchanges never need it as a URI). */
  URI url() {
    URI u = url;
    if (u == null) {
      u = call.request().url().uri();
      url = u;
    }
    return u;
  }

  /** Sends the request and waits for the response's headers. */
  Response execute() {
    return io(null, call::execute);
  }

  /**
   * Runs a blocking step of this call without holding the loop. The task's cancellation
   * (an interrupt) aborts the call and surfaces as {@link dev.jasyncio.CancelledException};
   * every other failure as a named {@link HttpException}.
   *
   * @param body the response being read, for truncation counts, or null before the response
   */
  <T> T io(HttpResponse body, IoStep<T> step) {
    return CoreAccess.get().blockingSocketCall(() -> {
      try {
        return step.run();
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()
            || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)
                && !(deadline != null && deadline.expired())) {
          call.cancel(); // the task was cancelled: abort the exchange; the connection is not reused
          InterruptedIOException cancelled = new InterruptedIOException("request cancelled: " + url());
          cancelled.initCause(e);
          throw cancelled; // Async.blocking turns it into the task's CancelledException
        }
        throw failure(e, body);
      }
    });
  }

  /** The named error for an OkHttp failure of this call. */
  HttpException failure(IOException e, HttpResponse body) {
    if (deadline != null && deadline.expired()) {
      return new HttpTimeoutException(HttpTimeoutException.Kind.TOTAL, deadline.timeout, url(), e);
    }
    if (session.isClosed() && call.isCanceled()) {
      return new HttpException("the session was closed during the request", url(), e);
    }
    if (e instanceof SocketTimeoutException) {
      return switch (progress == null ? Phase.READ : progress.phase) {
        case CONNECT -> new HttpTimeoutException(HttpTimeoutException.Kind.CONNECT, session.connectTimeout, url(), e);
        case WRITE -> new HttpTimeoutException(HttpTimeoutException.Kind.WRITE, session.writeTimeout, url(), e);
        case READ -> new HttpTimeoutException(HttpTimeoutException.Kind.READ, session.readTimeout, url(), e);
      };
    }
    if (e instanceof UnknownHostException) {
      return new HttpConnectException(HttpConnectException.Reason.DNS,
          "cannot resolve host '" + url().getHost() + "'", url(), e);
    }
    String m = messages(e);
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return new HttpConnectException(m.contains("refused") ? HttpConnectException.Reason.REFUSED
          : HttpConnectException.Reason.OTHER, "cannot connect: " + e.getMessage(), url(), e);
    }
    if (m.contains("reset") || m.contains("broken pipe")) {
      return new HttpConnectException(HttpConnectException.Reason.RESET,
          "the connection was reset" + (body != null ? " while reading the body" : ""), url(), e);
    }
    if (body != null && (e instanceof EOFException || m.contains("unexpected end of stream"))) {
      return new TruncatedBodyException(body.received(), body.contentLength(), url(), e);
    }
    if (e instanceof EOFException || m.contains("unexpected end of stream")) {
      return new HttpConnectException(HttpConnectException.Reason.RESET,
          "the server closed the connection without a response", url(), e);
    }
    if (e instanceof SSLException) {
      return new HttpConnectException(HttpConnectException.Reason.OTHER, "TLS failed: " + e.getMessage(), url(), e);
    }
    return new HttpConnectException(HttpConnectException.Reason.OTHER, String.valueOf(e), url(), e);
  }

  /** The messages of {@code e} and its causes, lower case. */
  private static String messages(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getMessage()).append(' ');
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  /** Tracks each call's {@link Phase} from OkHttp's events (the exchange is the request's tag). */
  static final EventListener PHASES = new EventListener() {
    private void set(Call call, Phase p) {
      Progress x = call.request().tag(Progress.class);
      if (x != null) {
        x.phase = p;
      }
    }

    @Override
    public void connectStart(Call call, java.net.InetSocketAddress address, java.net.Proxy proxy) {
      set(call, Phase.CONNECT);
    }

    @Override
    public void secureConnectStart(Call call) {
      set(call, Phase.CONNECT);
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
      set(call, Phase.WRITE);
    }

    @Override
    public void connectEnd(Call call, java.net.InetSocketAddress address, java.net.Proxy proxy, Protocol protocol) {
      set(call, Phase.WRITE);
    }

    @Override
    public void connectionAcquired(Call call, okhttp3.Connection connection) {
      set(call, Phase.WRITE);
    }

    @Override
    public void requestHeadersEnd(Call call, Request request) {
      if (request.body() == null) {
        set(call, Phase.READ);
      }
    }

    @Override
    public void requestBodyEnd(Call call, long byteCount) {
      set(call, Phase.READ);
    }

    @Override
    public void responseHeadersStart(Call call) {
      set(call, Phase.READ);
    }
  };
}
