package dev.jasyncio.web;

/**
 * Serves one WebSocket connection; it runs as a task on the server's loop for as long as the
 * connection lives. When it returns, the connection is closed normally (1000); when it throws,
 * with 1011 (server error, the stack is logged); when the server shuts down, its task is cancelled
 * and the connection closed with 1001 (going away).
 *
 * <pre>{@code
 * WebSocketHandler echo = ws -> {
 *   for (WebSocketMessage m : ws) {
 *     ws.send(m);
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface WebSocketHandler {
  /**
   * Serves {@code ws}.
   *
   * @param ws the open connection
   * @throws Exception any failure: the connection is closed with 1011
   */
  void handle(WebSocket ws) throws Exception;
}
