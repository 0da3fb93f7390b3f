package dev.jasyncio.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.ExceptionContext;
import dev.jasyncio.TestLoops;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TlsTest {
  @Test
  void echoOverTlsWithAVerifiedCertificate() throws Exception {
    StreamOptions serverTls = StreamOptions.defaults().withTls(TestCertificates.server());
    StreamOptions clientTls = StreamOptions.defaults().withTls(TestCertificates.trusting());
    String got = IoLoops.run(() -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0, serverTls);
      Connection c = Streams.openConnection("127.0.0.1", server.port(), clientTls.withServerHostname("localhost"));
      assertThat(c.writer().sslSession()).isPresent();
      assertThat(c.writer().sslSession().get().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
      c.writer().write("secret\n");
      String line = c.reader().readlineString();
      c.writer().close();
      c.writer().waitClosed();
      server.close();
      server.waitClosed();
      return line;
    });
    assertThat(got).isEqualTo("secret");
  }

  @Test
  void anUntrustedCertificateIsANamedErrorOnTheClient() throws Exception {
    StreamOptions serverTls = StreamOptions.defaults().withTls(TestCertificates.server());
    List<ExceptionContext> reports = TestLoops.list();
    IoLoops.run(reports, () -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0, serverTls);
      // the JDK's default trust store does not know our self-signed certificate
      assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", server.port(), StreamOptions.defaults().withTls()))
          .isInstanceOf(TlsException.class);
      server.close();
      server.waitClosed();
      return null;
    });
    assertThat(reports).allSatisfy(r -> assertThat(r.message()).contains("connection setup failed"));
  }

  @Test
  void aCertificateForAnotherHostIsANamedError() throws Exception {
    StreamOptions serverTls = StreamOptions.defaults().withTls(TestCertificates.server());
    StreamOptions wrongName = StreamOptions.defaults().withTls(TestCertificates.trusting()).withServerHostname("example.org");
    IoLoops.run(TestLoops.list(), () -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0, serverTls);
      assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", server.port(), wrongName))
          .isInstanceOf(TlsException.class);
      server.close();
      return null;
    });
  }
}
