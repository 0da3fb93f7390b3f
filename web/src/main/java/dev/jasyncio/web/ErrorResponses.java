package dev.jasyncio.web;

import dev.jasyncio.CancelledException;
import dev.jasyncio.TimeoutException;
import java.lang.System.Logger.Level;

/**
 * Turns what a handler threw into what the client gets: an {@link HttpException}'s status and
 * message, 504 for a timeout of the handler's own, and 500 with only the request id for anything
 * else (the stack goes to the {@code dev.jasyncio.web} logger, never to the client).
 */
final class ErrorResponses {
  static final System.Logger LOG = System.getLogger("dev.jasyncio.web");

  private ErrorResponses() {}

  static Handler catching(Handler h) {
    return request -> {
      try {
        return h.handle(request);
      } catch (Throwable t) {
        return toResponse(request, t);
      }
    };
  }

  static WebResponse toResponse(WebRequest request, Throwable t) {
    if (t instanceof CancelledException c) {
      throw c; // the client went away or the server is stopping: no answer is due
    }
    if (t instanceof HttpException e) {
      return WebResponse.text(e.getMessage() + "\n").status(e.status());
    }
    if (t instanceof TimeoutException) {
      LOG.log(Level.WARNING, request + ": the handler's own timeout expired", t);
      return WebResponse.text("504 Gateway Timeout\nrequest id: " + request.requestId() + "\n").status(504);
    }
    LOG.log(Level.ERROR, request + ": handler failed", t);
    return WebResponse.text("500 Internal Server Error\nrequest id: " + request.requestId() + "\n").status(500);
  }
}
