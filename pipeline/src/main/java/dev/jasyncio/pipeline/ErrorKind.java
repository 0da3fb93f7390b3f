package dev.jasyncio.pipeline;

/**
 * Why one item of a run failed, as recorded in {@code manifest.json}'s {@code errorKind}.
 */
public enum ErrorKind {
  /** The server answered with an error status (404, 500, ...). */
  HTTP_STATUS("http-status"),
  /** A connect, read, write or total timeout fired. */
  TIMEOUT("timeout"),
  /** The connection was reset by the peer. */
  CONNECTION_RESET("connection-reset"),
  /** The connection could not be made (refused, unknown host). */
  CONNECTION_FAILED("connection-failed"),
  /** The body ended before its declared length. */
  TRUNCATED_BODY("truncated-body"),
  /** The bytes are not an image format the decoder knows. */
  NOT_AN_IMAGE("not-an-image"),
  /** The image data ends early (a JPEG cut short). */
  TRUNCATED_IMAGE("truncated-image"),
  /** The image is damaged in some other way the decoder names. */
  CORRUPT_IMAGE("corrupt-image"),
  /** The image is larger than {@code --max-pixels} (a decompression-bomb guard). */
  TOO_MANY_PIXELS("too-many-pixels"),
  /** Reading or writing a local file failed. */
  FILE_IO("file-io"),
  /**
   * With {@code --queue}: the workers gave up on the item's job, delivered more than
   * {@code --max-deliveries} times without a result (the workers that took it died or hung on it),
   * or unreadable; it is in the jobs queue's dead-letter stream.
   */
  DEAD_LETTERED("dead-lettered"),
  /** With {@code --queue}: Redis became unreachable before the item's result came back. */
  QUEUE_UNAVAILABLE("queue-unavailable"),
  /** The run was cancelled (Ctrl-C) before the item finished. */
  CANCELLED("cancelled"),
  /** Anything else; the message says what. */
  OTHER("other");

  private final String label;

  ErrorKind(String label) {
    this.label = label;
  }

  /**
   * The name used in the manifest and in messages.
   *
   * @return a lower-case, hyphenated name such as {@code not-an-image}
   */
  public String label() {
    return label;
  }
}
