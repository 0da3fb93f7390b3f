package dev.jasyncio.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import okhttp3.Dns;

/** OkHttp's host-name lookups, made off the loop (a lookup is a native call that pins a carrier). */
final class OffLoopDns implements Dns {
  static final OffLoopDns INSTANCE = new OffLoopDns();

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    try {
      return List.of(InetAddress.ofLiteral(hostname)); // an address needs no lookup
    } catch (IllegalArgumentException notALiteral) {
      // a name: resolve it below
    }
    try {
      return Arrays.asList(OffLoop.call(() -> InetAddress.getAllByName(hostname)));
    } catch (UnknownHostException e) {
      throw e;
    } catch (java.io.IOException e) {
      UnknownHostException u = new UnknownHostException(hostname + ": " + e.getMessage());
      u.initCause(e);
      if (e instanceof java.io.InterruptedIOException) {
        Thread.currentThread().interrupt();
      }
      throw u;
    }
  }
}
