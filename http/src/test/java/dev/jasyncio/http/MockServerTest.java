package dev.jasyncio.http;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test with a fresh MockWebServer on loopback per test method. */
abstract class MockServerTest {
  MockWebServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  String url(String path) {
    return server.url(path).toString();
  }
}
