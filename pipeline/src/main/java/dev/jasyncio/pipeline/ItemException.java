package dev.jasyncio.pipeline;

/**
 * One item failed for a reason of the given {@link ErrorKind}; the run records it and goes on.
 */
public class ItemException extends RuntimeException {
  private final ErrorKind kind;

  /**
   * An item failure.
   *
   * @param kind why
   * @param message what happened, naming the item where it helps
   * @param cause the underlying error, or null
   */
  public ItemException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /**
   * Why the item failed.
   *
   * @return the kind
   */
  public ErrorKind kind() {
    return kind;
  }
}
