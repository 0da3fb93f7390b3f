package dev.jasyncio.http;

/**
 * Told, on the loop in the reading task, each time a chunk of a response body has arrived: for
 * progress bars and byte counters ({@link HttpSession.Builder#onProgress}). It is called once more
 * at the end of the body with the final count. It must not block; an exception it throws fails
 * the read.
 *
 * <pre>{@code
 * HttpSession.builder().onProgress((r, received, total) -> bytes.addAndGet(delta(r, received)))
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
  /**
   * A chunk of {@code response}'s body arrived.
   *
   * @param response the response being read
   * @param received body bytes received so far (after decompression)
   * @param contentLength the announced length, or -1 if unknown
   */
  void progress(HttpResponse response, long received, long contentLength);
}
