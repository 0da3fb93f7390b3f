/**
 * jasyncio's web server and WebSocket (aiohttp.web's role) on Jetty 12: {@link
 * dev.jasyncio.web.WebApp} routes requests to handlers that run as tasks on a jasyncio loop, written
 * as plain blocking-style code; {@link dev.jasyncio.web.WebSocket} is one connection, on the server
 * or from {@link dev.jasyncio.web.WebSocketClient}. Jetty's selectors stay on Jetty's threads.
 */
module dev.jasyncio.web {
  requires transitive dev.jasyncio;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.http2.server;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  requires org.eclipse.jetty.websocket.api;
  requires org.eclipse.jetty.websocket.server;
  requires org.eclipse.jetty.websocket.client;

  exports dev.jasyncio.web;
  // Jetty finds its WebSocket listener by reflection; nobody else sees the package.
  exports dev.jasyncio.web.internal to org.eclipse.jetty.websocket.common;
}
