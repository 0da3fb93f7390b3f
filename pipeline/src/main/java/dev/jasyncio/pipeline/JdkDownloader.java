package dev.jasyncio.pipeline;

import dev.jasyncio.Async;
import dev.jasyncio.Semaphore;
import dev.jasyncio.TimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;

/** Temporary download stage on the JDK's client, until the http module lands. */
final class JdkDownloader implements Downloader {
  private final HttpClient client;
  private final Settings settings;
  private final Map<String, Semaphore> perHost = new HashMap<>();

  JdkDownloader(Settings settings) {
    this.settings = settings;
    this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
  }

  @Override
  public byte[] download(URI url, LongConsumer onBytes) {
    Semaphore limit = perHost.computeIfAbsent(url.getHost() + ":" + url.getPort(), h -> new Semaphore(settings.limit()));
    return limit.withPermit(() -> {
      try {
        byte[] body = Async.timeout(settings.totalTimeout(), () -> {
          HttpResponse<byte[]> r = Async.await(client.sendAsync(HttpRequest.newBuilder(url).build(),
              HttpResponse.BodyHandlers.ofByteArray()));
          if (r.statusCode() >= 400) {
            throw new ItemException(ErrorKind.HTTP_STATUS, "HTTP " + r.statusCode() + " for " + url, null);
          }
          return r.body();
        });
        onBytes.accept(body.length);
        return body;
      } catch (TimeoutException e) {
        throw new ItemException(ErrorKind.TIMEOUT, "total timeout of " + settings.totalTimeout() + " for " + url, e);
      } catch (ItemException | dev.jasyncio.CancelledException e) {
        throw e;
      } catch (Exception e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String m = String.valueOf(c.getMessage());
        ErrorKind k = m.contains("reset") ? ErrorKind.CONNECTION_RESET
            : m.contains("EOF") || m.contains("closed") ? ErrorKind.TRUNCATED_BODY : ErrorKind.CONNECTION_FAILED;
        throw new ItemException(k, c + " for " + url, c);
      }
    });
  }

  @Override
  public void close() {
    client.close();
  }
}
