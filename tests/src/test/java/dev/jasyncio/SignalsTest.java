package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Signal handlers where the JVM cannot give one: a clear error, not a handler that never runs. */
class SignalsTest {

  @Test
  void aSignalTheProcessStartedWithIgnoredIsRefusedByName() throws Exception {
    // INT ignored too: Async.run's own SIGINT handler must then stand aside, not fail the run
    ChildJvm.Result r = ChildJvm.runIgnoring(List.of("HUP", "INT"), ChildJvm.backendFlags(),
        IgnoredSignalsMain.class.getName());
    assertThat(r.exitValue()).as(r.out()).isZero();
    assertThat(r.lines()).contains("main ran", "USR2: handled");
    assertThat(r.lines()).filteredOn(l -> l.startsWith("HUP: ")).singleElement().asString()
        .contains("SIGHUP is ignored by this process", "nohup");
  }

  @Test
  void theSameSignalIsHandledWhenTheProcessStartedWithItHandled() throws Exception {
    assumeFalse(TestSignals.ignored("HUP"), "this JVM ignores SIGHUP (started under nohup), and its child would too");
    ChildJvm.Result r = ChildJvm.run(ChildJvm.backendFlags(), IgnoredSignalsMain.class.getName());
    assertThat(r.exitValue()).as(r.out()).isZero();
    assertThat(r.lines()).contains("HUP: handled", "USR2: handled", "main ran");
  }
}
