package dev.jasyncio.io;

import java.net.SocketAddress;

/**
 * One UDP datagram received by a {@link DatagramEndpoint}.
 *
 * @param data its payload
 * @param sender where it came from
 */
public record Datagram(byte[] data, SocketAddress sender) {}
