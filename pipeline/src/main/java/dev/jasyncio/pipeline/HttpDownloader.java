package dev.jasyncio.pipeline;

import dev.jasyncio.http.HttpConnectException;
import dev.jasyncio.http.HttpException;
import dev.jasyncio.http.HttpResponse;
import dev.jasyncio.http.HttpSession;
import dev.jasyncio.http.HttpStatusException;
import dev.jasyncio.http.HttpTimeoutException;
import dev.jasyncio.http.RetryPolicy;
import dev.jasyncio.http.TooManyRedirectsException;
import dev.jasyncio.http.TruncatedBodyException;
import java.net.URI;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The download stage on the http module's {@link HttpSession}: one session per run, with the
 * run's per-host limit, timeouts and retries; each http error becomes the item's {@link ErrorKind}.
 */
final class HttpDownloader implements Downloader {
  private final HttpSession session;
  /** Who wants the bytes of each response being read; touched only on the loop. */
  private final Map<HttpResponse, Counter> counters = new IdentityHashMap<>();

  private static final class Counter {
    final LongConsumer onBytes;
    long seen;

    Counter(LongConsumer onBytes) {
      this.onBytes = onBytes;
    }
  }

  HttpDownloader(Settings settings) {
    RetryPolicy retry = settings.retries() == 0 ? RetryPolicy.none()
        : RetryPolicy.builder().maxAttempts(settings.retries() + 1).build();
    session = HttpSession.builder()
        .limit(Math.max(100, settings.limit()))
        .limitPerHost(settings.limit())
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        .totalTimeout(settings.totalTimeout())
        .retry(retry)
        .onProgress((response, received, length) -> {
          Counter c = counters.get(response);
          if (c != null && received > c.seen) {
            c.onBytes.accept(received - c.seen);
            c.seen = received;
          }
        })
        .build();
  }

  @Override
  public byte[] download(URI url, LongConsumer onBytes) {
    try (HttpResponse r = session.get(url)) {
      counters.put(r, new Counter(onBytes));
      try {
        r.raiseForStatus();
        return r.bytes();
      } finally {
        counters.remove(r);
      }
    } catch (HttpStatusException e) {
      throw new ItemException(ErrorKind.HTTP_STATUS, e.getMessage(), e);
    } catch (HttpTimeoutException e) {
      throw new ItemException(ErrorKind.TIMEOUT, e.getMessage(), e);
    } catch (TruncatedBodyException e) {
      throw new ItemException(ErrorKind.TRUNCATED_BODY, e.getMessage(), e);
    } catch (HttpConnectException e) {
      ErrorKind kind = e.reason() == HttpConnectException.Reason.RESET ? ErrorKind.CONNECTION_RESET
          : ErrorKind.CONNECTION_FAILED;
      throw new ItemException(kind, e.getMessage(), e);
    } catch (TooManyRedirectsException e) {
      throw new ItemException(ErrorKind.HTTP_STATUS, e.getMessage(), e);
    } catch (HttpException e) {
      throw new ItemException(ErrorKind.OTHER, e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
