package dev.jasyncio;

/**
 * How one piece of work ended: a value, a failure or a cancellation. Returned per item by
 * {@link Async#gatherSettled}, asyncio's {@code gather(..., return_exceptions=True)}; match it
 * with a {@code switch}:
 *
 * <pre>{@code
 * for (Outcome<String> o : Async.gatherSettled(a, b)) {
 *   switch (o) {
 *     case Outcome.Success<String> s -> System.out.println(s.value());
 *     case Outcome.Failure<String> f -> log(f.error());
 *     case Outcome.Cancelled<String> c -> System.out.println("cancelled");
 *   }
 * }
 * }</pre>
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T> {
  /**
   * The work returned a value.
   *
   * @param value the value, may be {@code null}
   * @param <T> the value type
   */
  record Success<T>(T value) implements Outcome<T> {}

  /**
   * The work failed.
   *
   * @param error what it threw
   * @param <T> the value type
   */
  record Failure<T>(Throwable error) implements Outcome<T> {}

  /**
   * The work was cancelled.
   *
   * @param exception the cancellation it ended with
   * @param <T> the value type
   */
  record Cancelled<T>(CancelledException exception) implements Outcome<T> {}

  /**
   * The value, or the failure rethrown as {@link Async} describes (unchecked as is, checked as
   * the cause of a {@link java.util.concurrent.CompletionException}), or the cancellation.
   *
   * @return the value
   */
  default T get() {
    return switch (this) {
      case Success<T> s -> s.value();
      case Failure<T> f -> throw Exceptions.rethrow(f.error());
      case Cancelled<T> c -> throw new CancelledException(c.exception().getMessage(), c.exception());
    };
  }

  /**
   * How the work failed, as it threw it (a checked exception without the
   * {@link java.util.concurrent.CompletionException} that carried it); asyncio's
   * {@code Future.exception()}.
   *
   * @return the error, the {@link CancelledException} of a cancellation, or {@code null} for a
   *     success
   */
  default Throwable exception() {
    return switch (this) {
      case Success<T> s -> null;
      case Failure<T> f -> Exceptions.unwrap(f.error());
      case Cancelled<T> c -> c.exception();
    };
  }

  /**
   * The first error of {@code type} in how the work failed: the error, its causes, and any
   * {@link ExceptionGroup} on the way, as {@link ExceptionGroup#find} searches.
   *
   * <pre>{@code
   * for (Outcome<Page> o : Async.gatherSettled(downloads)) {
   *   o.find(EOFException.class).ifPresent(eof -> retry(o));
   * }
   * }</pre>
   *
   * @param type the error's class
   * @param <X> the error's type
   * @return the error, or empty on success or if none is of that type
   */
  default <X extends Throwable> java.util.Optional<X> find(Class<X> type) {
    return Exceptions.find(exception(), type);
  }

  /**
   * Whether the work returned a value.
   *
   * @return true for {@link Success}
   */
  default boolean isSuccess() {
    return this instanceof Success;
  }

  /**
   * The outcome of a promise that is done; marks its failure as retrieved.
   *
   * @param done a done promise
   * @param <T> the value type
   * @return its outcome
   * @throws InvalidStateException if it is not done
   */
  static <T> Outcome<T> of(Promise<T> done) {
    if (!done.isDone()) {
      throw new InvalidStateException("Outcome.of " + done + ": it is not done yet");
    }
    try {
      return new Success<>(done.result());
    } catch (CancelledException c) {
      return new Cancelled<>(c);
    } catch (Throwable t) {
      return new Failure<>(done.exception());
    }
  }
}
