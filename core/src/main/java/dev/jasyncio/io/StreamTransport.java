package dev.jasyncio.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** A transport over a pair of JDK streams (a TLS socket's, a pipe's): one copy of the byte moves. */
abstract class StreamTransport extends Transport {
  final InputStream in;
  final OutputStream out;

  StreamTransport(String name, InputStream in, OutputStream out) {
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
}
