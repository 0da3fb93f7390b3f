package dev.jasyncio;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one rule for how an exception thrown by user code reaches whoever awaits it (see
 * {@link Async}): an unchecked exception or error is rethrown as is; a checked one arrives as the
 * cause of a {@link CompletionException}, as {@link java.util.concurrent.CompletableFuture#join()}
 * does; several at once arrive in an {@link ExceptionGroup}. {@link #find} goes back through
 * those layers (and the causes user code added) to the error wanted.
 */
final class Exceptions {
  private Exceptions() {}

  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new CompletionException(t);
  }

  /** Whether {@code t} is how the JDK reports an interrupted call. */
  static boolean isInterruption(Throwable t) {
    return t instanceof InterruptedException
        || t instanceof ClosedByInterruptException
        || t instanceof InterruptedIOException;
  }

  /** Drops the JDK's wrappers of a checked exception: what the work itself threw. */
  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Every error in {@code group}, nested groups flattened, each {@link #unwrap unwrapped}. */
  static List<Throwable> leaves(ExceptionGroup group) {
    List<Throwable> out = new ArrayList<>();
    addLeaves(group, out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private static void addLeaves(Throwable t, List<Throwable> out, Set<Throwable> seen) {
    t = unwrap(t);
    if (!seen.add(t)) {
      return;
    }
    if (t instanceof ExceptionGroup g) {
      for (Throwable e : g.exceptions()) {
        addLeaves(e, out, seen);
      }
    } else {
      out.add(t);
    }
  }

  /**
   * The first error of {@code type} in {@code t}: itself, its cause chain, and every error of the
   * groups on the way, depth first in order.
   */
  static <X extends Throwable> Optional<X> find(Throwable t, Class<X> type) {
    java.util.Objects.requireNonNull(type, "type");
    return Optional.ofNullable(find(t, type, Collections.newSetFromMap(new IdentityHashMap<>())));
  }

  private static <X extends Throwable> X find(Throwable t, Class<X> type, Set<Throwable> seen) {
    for (; t != null && seen.add(t); t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t instanceof ExceptionGroup g) {
        for (Throwable e : g.exceptions()) {
          X x = find(e, type, seen);
          if (x != null) {
            return x;
          }
        }
      }
    }
    return null;
  }
}
