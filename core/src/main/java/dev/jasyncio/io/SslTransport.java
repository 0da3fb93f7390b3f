package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.internal.WaitList;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * A TLS connection: the JDK's {@link SSLEngine} over the same non-blocking channel and selector
 * path as a plain {@link SocketTransport}, with no task of its own. Readiness runs the engine on
 * the loop: ciphertext is read into a per-connection buffer and unwrapped into the loop's shared
 * read buffer, then fed to the reader; a write is wrapped and handed to the socket from the
 * caller while the kernel takes it, so at most one wrapped record per connection waits for the
 * socket beside the writer's own buffer. The engine's delegated tasks (certificate checks, key
 * exchange) run on the blocking pool. Handshakes after the first (TLS 1.3 session tickets and key
 * updates, a TLS 1.2 renegotiation) run through the same steps while data waits. Closing sends
 * close_notify after the buffered bytes.
 */
final class SslTransport extends ChannelTransport {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SSLEngine engine;
  /** Ciphertext read and not yet unwrapped (write mode: bytes in [0, position)). */
  private ByteBuffer netIn;
  /** Ciphertext wrapped and not yet written (read mode: bytes in [position, limit)). */
  private ByteBuffer netOut;
  private final WaitList handshakeWaiter = IoLoop.ioWaiters();
  /** The first handshake is running: there is no reader or writer yet. */
  private boolean handshaking;
  /** The engine's delegated tasks run on the blocking pool: the engine waits for them. */
  private boolean tasksRunning;
  private boolean reading;
  private boolean advanceScheduled;
  /** Why the first handshake failed. */
  private RuntimeException failure;
  /** Plaintext that arrived with the end of the handshake, before the reader existed. */
  private ByteArrayOutputStream early;
  private String peer = "the peer";

  SslTransport(SocketChannel channel, SSLEngine engine) throws IOException {
    super("tls", channel);
    this.engine = engine;
    int packet = engine.getSession().getPacketBufferSize();
    this.netIn = ByteBuffer.allocate(packet);
    this.netOut = ByteBuffer.allocate(packet).flip();
  }

  /**
   * Runs the first handshake, suspending the caller until it finishes. Cancellable: a cancelled
   * handshake closes the connection.
   *
   * @param peer who is on the other end, for messages
   * @throws TlsException if the handshake fails or the peer closes the connection during it
   */
  void handshake(String peer) {
    if (peer != null) {
      this.peer = peer;
    }
    handshaking = true;
    try {
      engine.beginHandshake();
    } catch (SSLException e) {
      fail(e);
    }
    advance();
    try {
      while (handshaking && !closed) {
        handshakeWaiter.await();
      }
    } catch (CancelledException c) {
      closeNow();
      throw c;
    }
    if (failure != null) {
      throw failure;
    }
    if (lost != null) {
      throw lost;
    }
    if (closed) {
      throw new StreamClosedException("TLS handshake with " + this.peer + ": the connection was closed");
    }
  }

  @Override
  void startMoving() {
    if (reader == null || closed) {
      return;
    }
    if (early != null) {
      reader.feed(ByteBuffer.wrap(early.toByteArray()));
      early = null;
    }
    reading = !reader.isFull();
    advance();
  }

  // --- the engine ----------------------------------------------------------------------------

  @Override
  void onReady(int ops) {
    advance();
  }

  /** Moves what can move now without waiting: handshake steps, ciphertext out, plaintext in. */
  private void advance() {
    advanceScheduled = false;
    try {
      boolean moved = true;
      while (moved && !closed && !tasksRunning) {
        moved = pumpOut();
        if (!closed && !tasksRunning) {
          moved |= pumpIn();
        }
      }
    } catch (IOException e) {
      fail(e);
    }
    updateInterest();
  }

  /**
   * Writes wrapped bytes, then wraps what the engine or the writer has, until the kernel is full
   * or nothing is left; carries out a requested end-of-stream or close. True if anything moved.
   */
  private boolean pumpOut() throws IOException {
    boolean moved = false;
    while (!closed && !tasksRunning) {
      if (netOut.hasRemaining()) {
        moved |= channel.write(netOut) > 0;
        if (netOut.hasRemaining()) {
          return moved; // the kernel is full: wait until the socket is writable
        }
      }
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        runDelegatedTasks();
        return true;
      }
      if (hs == HandshakeStatus.NEED_WRAP && wrap(EMPTY).bytesProduced() > 0) {
        moved = true;
        continue; // a handshake message, an alert or close_notify
      }
      if (handshaking || writer == null) {
        return moved;
      }
      if (writer.hasPending()) {
        ByteBuffer src = io.writeBuffer;
        src.clear().limit(Math.min(src.capacity(), engine.getSession().getApplicationBufferSize()));
        writer.copyPending(src);
        src.flip();
        SSLEngineResult r = wrap(src);
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
          closeNow(); // the peer's TLS 1.2 close_notify closed our side too: nothing can be sent
          return true;
        }
        if (r.bytesConsumed() == 0) {
          return moved; // the engine holds data back while a handshake runs
        }
        writer.consumed(r.bytesConsumed());
        moved = true;
        continue;
      }
      if ((writer.eofPending() || writer.isClosing0()) && !engine.isOutboundDone()) {
        engine.closeOutbound(); // the next round wraps close_notify
        moved = true;
        continue;
      }
      if (engine.isOutboundDone()) {
        if (writer.eofPending()) {
          channel.shutdownOutput();
          eofSent();
          return true;
        }
        if (writer.isClosing0()) {
          closing = true;
          closeNow();
          return true;
        }
      }
      return moved;
    }
    return moved;
  }

  /** Unwraps buffered ciphertext and reads more while the engine or the reader wants it. */
  private boolean pumpIn() throws IOException {
    boolean moved = false;
    while (!closed && !tasksRunning && wantsInput()) {
      if (netIn.position() > 0) {
        ByteBuffer app = io.readBuffer;
        app.clear();
        netIn.flip();
        SSLEngineResult r;
        try {
          r = engine.unwrap(netIn, app);
        } finally {
          netIn.compact();
        }
        finishedWhen(r);
        if (app.position() > 0) {
          deliver(app.flip());
        }
        switch (r.getStatus()) {
          case OK -> {
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
              return moved;
            }
            moved = true;
            continue;
          }
          case CLOSED -> {
            inboundClosed(); // the peer's close_notify
            return true;
          }
          case BUFFER_UNDERFLOW -> {
            if (!netIn.hasRemaining()) { // a record bigger than the buffer: the session grew it
              netIn = ByteBuffer.allocate(netIn.capacity() * 2).put(netIn.flip());
            }
          }
          case BUFFER_OVERFLOW -> throw new SSLException("a TLS record larger than "
              + app.capacity() + " bytes of plaintext");
        }
      }
      int n = channel.read(netIn);
      if (n < 0) {
        networkEof();
        return true;
      }
      if (n == 0) {
        return moved;
      }
      moved = true;
    }
    return moved;
  }

  /** Whether to unwrap now: the handshake needs the peer's bytes, or the reader has room. */
  private boolean wantsInput() {
    if (engine.isInboundDone()) {
      return false;
    }
    HandshakeStatus hs = engine.getHandshakeStatus();
    if (hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.NEED_WRAP) {
      return false; // the engine must send first
    }
    return handshaking || reading;
  }

  private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
    netOut.clear();
    SSLEngineResult r = engine.wrap(src, netOut);
    while (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
      netOut = ByteBuffer.allocate(netOut.capacity() * 2);
      r = engine.wrap(src, netOut);
    }
    netOut.flip();
    finishedWhen(r);
    return r;
  }

  /** The first handshake is over once the engine says so: wake the task waiting for it. */
  private void finishedWhen(SSLEngineResult r) {
    if (handshaking && (r.getHandshakeStatus() == HandshakeStatus.FINISHED
        || engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING && !engine.isOutboundDone())) {
      handshaking = false;
      handshakeWaiter.wakeAll();
    }
  }

  private void deliver(ByteBuffer plain) {
    if (reader == null) {
      if (early == null) {
        early = new ByteArrayOutputStream();
      }
      early.write(plain.array(), plain.arrayOffset() + plain.position(), plain.remaining());
      return;
    }
    reader.feed(plain);
    if (reader.isFull()) {
      reading = false; // asyncio's pause_reading: the reader resumes us when it has room
    }
  }

  /** Runs the engine's delegated tasks on the blocking pool, then carries on, on the loop. */
  private void runDelegatedTasks() {
    List<Runnable> tasks = new ArrayList<>();
    for (Runnable r; (r = engine.getDelegatedTask()) != null; ) {
      tasks.add(r);
    }
    tasksRunning = true;
    loop.createTask(() -> {
      try {
        Async.toThread(() -> tasks.forEach(Runnable::run)); // a failure is the engine's to report
      } finally {
        tasksRunning = false;
      }
      advance();
    }, this + "-tls-tasks");
  }

  /** The socket's end of stream: an error in the handshake; at most a truncation after it. */
  private void networkEof() {
    reading = false;
    if (handshaking) {
      fail(new EOFException("the peer closed the connection during the TLS handshake"));
      return;
    }
    try {
      engine.closeInbound();
    } catch (SSLException truncated) {
      // no close_notify came first; asyncio reads that as end of stream too
    }
    eofReceived();
  }

  private void inboundClosed() {
    reading = false;
    if (handshaking) {
      fail(new EOFException("the peer closed the TLS connection during the handshake"));
      return;
    }
    eofReceived();
  }

  /** The first handshake or the connection failed: a named error; the alert goes out if it can. */
  private void fail(IOException e) {
    if (closed) {
      return;
    }
    boolean inHandshake = handshaking;
    if (e instanceof SSLException) {
      sendAlert();
    }
    RuntimeException mapped = Blocking.map(inHandshake ? "TLS handshake with " + peer : "TLS", e);
    if (inHandshake && !(mapped instanceof TlsException) && e instanceof EOFException eof) {
      mapped = new TlsException("TLS handshake with " + peer + ": " + e.getMessage(), eof);
    }
    if (inHandshake) {
      handshaking = false;
      failure = mapped;
      closeNow();
    } else if (closing) {
      if (reader != null) {
        reader.feedEof();
      }
      closeNow();
    } else {
      connectionLost(mapped);
    }
  }

  /** Best effort: the engine's alert for the peer, without waiting. */
  private void sendAlert() {
    try {
      if (!netOut.hasRemaining() && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
        wrap(EMPTY);
      }
      channel.write(netOut);
    } catch (IOException ignored) {
      // failing already: the first error is the one to report
    }
  }

  // --- flow control ----------------------------------------------------------------------------

  @Override
  int interest() {
    int ops = netOut.hasRemaining() ? SelectionKey.OP_WRITE : 0;
    if (!tasksRunning && wantsInput()) {
      ops |= SelectionKey.OP_READ;
    }
    return ops;
  }

  @Override
  void resumeReading() {
    if (reading || closed || reader == null || reader.atEofReceived() || !reader.hasRoom()) {
      return;
    }
    reading = true;
    if (netIn.position() > 0 && !advanceScheduled) {
      advanceScheduled = true; // whole records may be buffered already: no readiness will come
      loop.callSoon(this::advance);
    } else {
      updateInterest();
    }
  }

  // --- writing ---------------------------------------------------------------------------------

  @Override
  int tryWrite(byte[] b, int off, int len) {
    return tryWrite(ByteBuffer.wrap(b, off, len));
  }

  @Override
  int tryWrite(ByteBuffer src) {
    if (closed || handshaking || tasksRunning || netOut.hasRemaining()
        || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
      return 0;
    }
    int done = 0;
    try {
      while (src.hasRemaining()) {
        SSLEngineResult r = wrap(src);
        done += r.bytesConsumed();
        if (r.bytesConsumed() == 0) {
          break;
        }
        channel.write(netOut);
        if (netOut.hasRemaining()
            || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
          updateInterest(); // the rest waits for the socket, or for a key update to be sent
          break;
        }
      }
    } catch (IOException e) {
      RuntimeException mapped = Blocking.map("write", e);
      connectionLost(mapped);
      throw lost != null ? lost : mapped;
    }
    return done;
  }

  @Override
  void flushRequested() {
    if (!closed) {
      advance();
    }
  }

  @Override
  boolean canWriteEof() {
    return false; // a TLS half-close is not portable across TLS versions
  }

  @Override
  void closeNow() {
    if (!closed) {
      super.closeNow();
      handshakeWaiter.wakeAll();
    }
  }

  @Override
  SSLSession sslSession() {
    return engine.getSession();
  }
}
