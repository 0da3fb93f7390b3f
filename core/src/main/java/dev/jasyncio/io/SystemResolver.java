package dev.jasyncio.io;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** {@link Resolver#system()}: the JDK's lookup. */
final class SystemResolver implements Resolver {
  static final SystemResolver INSTANCE = new SystemResolver();

  private SystemResolver() {}

  @Override
  public List<InetAddress> resolve(String host) throws IOException {
    return List.of(InetAddress.getAllByName(host));
  }

  @Override
  public String toString() {
    return "Resolver.system()";
  }
}
