package dev.jasyncio.web;

import java.lang.System.Logger.Level;

/**
 * Wraps every handler of a {@link WebApp}; aiohttp.web's middleware. A middleware runs in the
 * request's task, before and after the handler it wraps, and may answer without calling it:
 *
 * <pre>{@code
 * Middleware auth = (request, next) -> request.header("Authorization") == null
 *     ? WebResponse.text("login first").status(401)
 *     : next.handle(request);
 * }</pre>
 *
 * <p>The handler's errors have become responses (500 with the request id, or an
 * {@link HttpException}'s status) before a middleware sees them, so an access log records what
 * the client got.
 */
@FunctionalInterface
public interface Middleware {
  /**
   * Handles {@code request}, usually by calling {@code next}.
   *
   * @param request the request
   * @param next the rest of the chain
   * @return the response
   * @throws Exception any failure, answered as the handler's would be
   */
  WebResponse handle(WebRequest request, Handler next) throws Exception;

  /**
   * Logs one line per request to the {@code System.Logger} named {@code dev.jasyncio.web.access}
   * at INFO: method, path, status, duration and request id.
   *
   * @return the access-log middleware
   */
  static Middleware accessLog() {
    System.Logger log = System.getLogger("dev.jasyncio.web.access");
    return (request, next) -> {
      long t0 = System.nanoTime();
      WebResponse response = next.handle(request);
      if (log.isLoggable(Level.INFO)) {
        log.log(Level.INFO, String.format("%s %s %d %.1fms id=%s", request.method(), request.path(),
            response.status(), (System.nanoTime() - t0) / 1e6, request.requestId()));
      }
      return response;
    };
  }

  /**
   * Adds a {@code Server-Timing} header with the time the rest of the chain took, in
   * milliseconds (streamed bodies are not included).
   *
   * @return the timing middleware
   */
  static Middleware timing() {
    return (request, next) -> {
      long t0 = System.nanoTime();
      WebResponse response = next.handle(request);
      return response.header("Server-Timing", String.format("app;dur=%.3f", (System.nanoTime() - t0) / 1e6));
    };
  }
}
