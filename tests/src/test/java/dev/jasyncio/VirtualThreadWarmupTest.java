package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fresh JVM's first loop runs no task before a virtual thread has ended: the JDK loads the
 * class of its thread-end event at the first end, and a {@code VirtualThread.run} compiled before
 * that traps in every thread parked in it (1 M sleeping tasks paid seconds of deoptimization).
 */
class VirtualThreadWarmupTest {
  @Test
  void theJdksThreadEndEventIsLoadedBeforeTheFirstTaskRuns() throws Exception {
    String backend = System.getProperty("jasyncio.backend", "carrier");
    List<String> flags = new ArrayList<>(ChildJvm.backendFlags());
    flags.add("-Xlog:class+load=info:stdout");
    List<String> lines = ChildJvm.run(flags, FirstTaskMain.class.getName()).lines();
    int firstTask = lines.indexOf("first task running");
    assertThat(firstTask).as("the first task ran (%s backend)", backend).isPositive();
    assertThat(lines.subList(0, firstTask))
        .as("classes loaded before the first task ran")
        .anyMatch(l -> l.contains(" jdk.internal.event.VirtualThreadEndEvent "));
  }
}
