package dev.jasyncio;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several failures that surfaced together: Python's {@code ExceptionGroup}. A
 * {@link TaskGroup} throws one with every child failure (and the body's own, last), in the order
 * they happened; {@link Async#gather} and {@link Async#gatherSettled} throw one when they were
 * cancelled and children failed meanwhile. Each error is also attached as a suppressed
 * exception, so a stack trace shows them all.
 *
 * <p>To reach the error the work threw without unpacking each layer (group, the
 * {@link java.util.concurrent.CompletionException} around a checked exception, the causes the
 * code added):
 *
 * <pre>{@code
 * try {
 *   Async.taskGroup(tg -> urls.forEach(u -> tg.createTask(() -> download(u))));
 * } catch (ExceptionGroup g) {
 *   g.find(EOFException.class).ifPresent(eof -> System.err.println("truncated: " + eof));
 * }
 * }</pre>
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

  /**
   * Every error in the group as the work threw it: nested groups flattened, and a checked
   * exception without the {@link java.util.concurrent.CompletionException} that carried it.
   *
   * @return the errors, in order
   */
  public List<Throwable> leaves() {
    return Exceptions.leaves(this);
  }

  /**
   * The first error of {@code type} in the group: in its errors, their causes, and nested groups,
   * depth first in order; Python's {@code subgroup(type)} for the common case of wanting one.
   *
   * @param type the error's class
   * @param <X> the error's type
   * @return the error, or empty if none is of that type
   */
  public <X extends Throwable> Optional<X> find(Class<X> type) {
    return Exceptions.find(this, type);
  }
}
