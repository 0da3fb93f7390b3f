package dev.jasyncio.io;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost / 127.0.0.1, made once per test JVM with the JDK's own
 * {@code keytool} (so nothing secret or expiring is committed), and TLS contexts built from it.
 */
final class TestCertificates {
  private TestCertificates() {}

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static KeyStore store;

  static synchronized KeyStore store() throws Exception {
    if (store == null) {
      Path dir = Files.createTempDirectory("jasyncio-tls");
      Path file = dir.resolve("server.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server",
          "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
          "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
          "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + out);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        ks.load(in, PASSWORD);
      }
      Files.delete(file);
      Files.delete(dir);
      store = ks;
    }
    return store;
  }

  /** A server context presenting the certificate. */
  static SSLContext server() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store(), PASSWORD);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf.getKeyManagers(), null, null);
    return c;
  }

  /** A client context that trusts the certificate. */
  static SSLContext trusting() throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store());
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, tmf.getTrustManagers(), null);
    return c;
  }

  /**
   * The certificate and its key as PEM files in {@code dir} (for Python's ssl module): returns
   * {certificate, key}.
   */
  static Path[] pemFiles(Path dir) throws Exception {
    KeyStore ks = store();
    java.util.Base64.Encoder b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes());
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n"
        + b64.encodeToString(ks.getCertificate("server").getEncoded()) + "\n-----END CERTIFICATE-----\n");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
        + b64.encodeToString(ks.getKey("server", PASSWORD).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    return new Path[] {cert, key};
  }
}
