package dev.jasyncio.io;

import java.io.IOException;

/**
 * The TLS handshake failed: the peer's certificate is not trusted or does not match the host name,
 * no protocol or cipher in common, or the peer is not speaking TLS. asyncio's
 * {@code ssl.SSLCertVerificationError} / {@code ssl.SSLError}.
 */
public class TlsException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the JDK's exception
   */
  public TlsException(String message, IOException cause) {
    super(message, cause);
  }
}
