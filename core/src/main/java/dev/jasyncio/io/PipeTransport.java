package dev.jasyncio.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A one-way byte pipe over a JDK stream: a subprocess's stdin, stdout or stderr, or a file. These
 * calls pin a carrier thread, so they run on the blocking pool.
 */
final class PipeTransport extends Transport {
  private final InputStream in;
  private final OutputStream out;

  PipeTransport(String name, InputStream in, OutputStream out) {
    super(name);
    this.in = in;
    this.out = out;
  }

  @Override
  int read(ByteBuffer dst) throws IOException {
    int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
    if (n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }

  @Override
  void write(ByteBuffer[] srcs, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      ByteBuffer b = srcs[i];
      out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
      b.position(b.limit());
    }
    out.flush();
  }

  @Override
  void shutdownOutput() throws IOException {
    out.close();
  }

  @Override
  void closeChannel() {
    // a JDK stream's close waits for a read in progress to finish: never wait for it on the loop
    Thread.ofVirtual().name("jasyncio-pipe-close").start(this::closeStreams);
  }

  private void closeStreams() {
    try {
      if (in != null) {
        in.close();
      }
    } catch (IOException ignored) {
      // closing: nothing left to report to
    }
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException ignored) {
      // closing: a broken pipe on the final flush is not news
    }
  }

  @Override
  <T> T call(String what, Blocking.IoCall<T> call) {
    return Blocking.pool(what, call);
  }
}
