package dev.jasyncio.web;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One WebSocket data message: text or binary.
 *
 * @param text the text of a text message, or {@code null} for a binary one
 * @param data the bytes of a binary message, or {@code null} for a text one
 */
public record WebSocketMessage(String text, byte[] data) {
  /**
   * Checks that exactly one of the two is given.
   *
   * @param text the text, or null
   * @param data the bytes, or null
   */
  public WebSocketMessage {
    if ((text == null) == (data == null)) {
      throw new IllegalArgumentException("a WebSocketMessage is either text or binary");
    }
  }

  /**
   * A text message.
   *
   * @param text the text
   * @return the message
   */
  public static WebSocketMessage text(String text) {
    return new WebSocketMessage(Objects.requireNonNull(text, "text"), null);
  }

  /**
   * A binary message.
   *
   * @param data the bytes (not copied)
   * @return the message
   */
  public static WebSocketMessage binary(byte[] data) {
    return new WebSocketMessage(null, Objects.requireNonNull(data, "data"));
  }

  /**
   * Whether this is a text message.
   *
   * @return true for text
   */
  public boolean isText() {
    return text != null;
  }

  /**
   * The payload as text (a binary message is decoded as UTF-8).
   *
   * @return the text
   */
  public String asText() {
    return text != null ? text : new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return text != null ? "WebSocketMessage[text=" + text + "]" : "WebSocketMessage[binary, " + data.length + " bytes]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebSocketMessage m && Objects.equals(text, m.text)
        && java.util.Arrays.equals(data, m.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text) * 31 + java.util.Arrays.hashCode(data);
  }
}
