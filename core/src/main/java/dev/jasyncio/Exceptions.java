package dev.jasyncio;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CompletionException;

/**
 * The one rule for how an exception thrown by user code reaches whoever awaits it (ARCHITECTURE
 * §1.7): an unchecked exception or error is rethrown as is; a checked one arrives as the cause of
 * a {@link CompletionException}, as {@link java.util.concurrent.CompletableFuture#join()} does.
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
}
