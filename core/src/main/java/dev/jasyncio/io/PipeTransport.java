package dev.jasyncio.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A one-way byte pipe over a JDK stream: a subprocess's stdin, stdout or stderr, or a file. These
 * calls pin a carrier thread, so they run on the blocking pool.
 */
final class PipeTransport extends StreamTransport {
  PipeTransport(String name, InputStream in, OutputStream out) {
    super(name, in, out);
  }

  @Override
  void shutdownOutput() throws IOException {
    out.close();
  }

  @Override
  void closeChannel() {
    // a JDK stream's close waits for a read in progress to finish: never wait for it on the loop
    // (a platform thread: a virtual one started from a task would run on the loop thread)
    Thread.ofPlatform().daemon().name("jasyncio-pipe-close").start(this::closeStreams);
  }

  private void closeStreams() {
    if (in != null) {
      closeQuietly(in);
    }
    if (out != null) {
      closeQuietly(out); // a broken pipe on the final flush is not news
    }
  }

  @Override
  <T> T call(String what, Blocking.IoCall<T> call) {
    return Blocking.pool(what, call);
  }
}
