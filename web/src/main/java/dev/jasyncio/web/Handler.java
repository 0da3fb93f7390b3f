package dev.jasyncio.web;

/**
 * Answers one request; aiohttp.web's request handler. It runs as a task on the server's loop, so
 * it is written as plain blocking-style code that may sleep, await, take a
 * {@link dev.jasyncio.Semaphore} or call other services, without holding up other requests:
 *
 * <pre>{@code
 * Handler hello = request -> WebResponse.text("hello " + request.pathParam("name"));
 * }</pre>
 *
 * <p>Throw {@link HttpException} for a 4xx/5xx answer; any other exception becomes a 500 whose
 * body carries only the request id (the stack goes to the log).
 */
@FunctionalInterface
public interface Handler {
  /**
   * Answers {@code request}.
   *
   * @param request the request
   * @return the response to send
   * @throws Exception any failure: a 500, or the status of an {@link HttpException}
   */
  WebResponse handle(WebRequest request) throws Exception;
}
