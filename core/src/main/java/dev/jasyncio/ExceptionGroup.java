package dev.jasyncio;

import java.util.List;
import java.util.Objects;

/**
 * Several failures that surfaced together: Python's {@code ExceptionGroup}. A
 * {@link TaskGroup} throws one with every child failure (and the body's own, last), in the order
 * they happened; {@link Async#gather} and {@link Async#gatherSettled} throw one when they were
 * cancelled and children failed meanwhile. Each error is also attached as a suppressed
 * exception, so a stack trace shows them all.
 */
public class ExceptionGroup extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The failures, in the order they happened. */
  private final List<Throwable> exceptions;

  /**
   * Creates a group.
   *
   * @param message what failed
   * @param exceptions the failures, at least one, in order
   * @throws IllegalArgumentException if {@code exceptions} is empty
   */
  public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
    super(message + " (" + Objects.requireNonNull(exceptions, "exceptions").size()
        + (exceptions.size() == 1 ? " sub-exception)" : " sub-exceptions)"),
        exceptions.isEmpty() ? null : exceptions.getFirst());
    if (exceptions.isEmpty()) {
      throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
    }
    this.exceptions = List.copyOf(exceptions);
    for (Throwable t : this.exceptions) {
      if (t != getCause()) {
        addSuppressed(t);
      }
    }
  }

  /**
   * The failures, in the order they happened.
   *
   * @return an unmodifiable list
   */
  public List<Throwable> exceptions() {
    return exceptions;
  }
}
