package dev.jasyncio.http;

import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The one OkHttp client every session derives from ({@link OkHttpClient#newBuilder()} shares its
 * TLS setup). Building it loads OkHttp and the platform's trust store, 270-500 ms here; it is
 * done once per JVM, and from a task off the loop ({@link HttpSession.Builder#build()}).
 */
final class BaseClient {
  private BaseClient() {}

  private static volatile OkHttpClient client;

  static boolean isReady() {
    return client != null;
  }

  /** Drops the client, so a test can watch the first build again. */
  static synchronized void forget() {
    client = null;
  }

  static OkHttpClient get() {
    OkHttpClient c = client;
    if (c == null) {
      synchronized (BaseClient.class) {
        c = client;
        if (c == null) {
          c = new OkHttpClient.Builder()
              .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
              .followRedirects(false) // the session follows them: its limit, its header rules
              .followSslRedirects(false)
              .dns(OffLoopDns.INSTANCE)
              .eventListener(Exchange.PHASES)
              .build();
          client = c;
        }
      }
    }
    return c;
  }
}
