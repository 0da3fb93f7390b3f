package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.internal.CoreAccess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;

/**
 * How this package makes a blocking JDK call from a task, and how the JDK's {@link IOException}s
 * become this package's named, unchecked errors. Sockets go through a blocking section for socket
 * calls ({@link Async#blocking}, which on the carrier backend stays on the loop: a socket call
 * parks only its task; on the portable backend the section gives the loop away). Files and pipes pin a carrier thread, so they go to the blocking pool.
 */
final class Blocking {
  private Blocking() {}

  /** A blocking call that may throw the JDK's checked I/O exception. */
  @FunctionalInterface
  interface IoCall<T> {
    T call() throws IOException;
  }

  /** A socket call: in the task's own thread, without holding the loop. */
  static <T> T socket(String what, IoCall<T> call) {
    return mapped(what, () -> CoreAccess.get().blockingSocketCall(asCallable(call)));
  }

  /** A file or pipe call: on the blocking pool, so the loop's thread is never pinned. */
  static <T> T pool(String what, IoCall<T> call) {
    return mapped(what, () -> Async.toThread(asCallable(call)));
  }

  /**
   * A file call on the blocking pool whose {@link IOException} reaches the caller as the JDK threw
   * it ({@link java.nio.file.NoSuchFileException} and the rest): files are not connections.
   */
  static <T> T file(IoCall<T> call) throws IOException {
    try {
      return Async.toThread(asCallable(call));
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  private static <T> Callable<T> asCallable(IoCall<T> call) {
    return call::call;
  }

  private static <T> T mapped(String what, java.util.function.Supplier<T> run) {
    try {
      return run.get();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw map(what, io);
      }
      throw e;
    }
  }

  /** The named error for a JDK I/O failure. */
  static RuntimeException map(String what, IOException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    String text = what + ": " + e;
    if (e instanceof SSLException) {
      return new TlsException(text, e);
    }
    if (e instanceof ConnectException && m.contains("refused")) {
      return new ConnectionRefusedException(text, e);
    }
    if (e instanceof AsynchronousCloseException || e instanceof ClosedChannelException) {
      return new StreamClosedException(what + ": the stream was closed");
    }
    if (e instanceof SocketException
        && (m.contains("reset") || m.contains("broken pipe") || m.contains("aborted"))) {
      return new ConnectionResetException(text, e);
    }
    if (m.contains("broken pipe") || m.contains("stream closed") && what.contains("write")) {
      return new ConnectionResetException(text, e);
    }
    return new ConnectionException(text, e);
  }
}
