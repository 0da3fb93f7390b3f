package dev.jasyncio;

/** A closed {@link Loop} was asked to run, schedule or accept work. */
public class LoopClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was attempted
   */
  public LoopClosedException(String message) {
    super(message);
  }
}
