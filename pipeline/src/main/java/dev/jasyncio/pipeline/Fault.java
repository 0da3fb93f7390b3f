package dev.jasyncio.pipeline;

/**
 * A fault the {@link ImageServer} can inject for one image, so a run meets every way a download
 * or a decode goes wrong in the real world.
 */
public enum Fault {
  /** Answers 404 Not Found. */
  NOT_FOUND,
  /** Sends the headers and half the body, then stalls until the client gives up. */
  STALL,
  /** Sends the headers and half the body, then resets the connection (TCP RST). */
  RESET,
  /** Declares the full length, sends half the body and closes the connection. */
  TRUNCATED_BODY,
  /** Answers 200 with an HTML page instead of an image. */
  NOT_AN_IMAGE,
  /** Answers 200 with a complete body that holds only the first half of the JPEG. */
  TRUNCATED_JPEG,
  /** Answers a small JPEG whose header claims 10000×10000 pixels (a decompression bomb). */
  TOO_MANY_PIXELS
}
