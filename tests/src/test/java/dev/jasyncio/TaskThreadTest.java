package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a task holds: its thread, created as its first step begins and let go when its body ends,
 * so tasks that wait to run or are done hold no thread, carrying what a thread made by the task's
 * creator would have (the context class loader); and its body, let go when it ends, so a done
 * task keeps nothing the body captured alive.
 */
class TaskThreadTest {

  @Test
  void aTaskHoldsAThreadOnlyFromItsFirstStepUntilItsBodyEnds() {
    TestLoops.runVirtual(() -> {
      List<Thread> ranOn = new ArrayList<>();
      List<Task<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        tasks.add(Async.createTask(() -> {
          Task<?> me = Async.currentTask();
          assertThat(me.thread).isSameAs(Thread.currentThread());
          Async.sleep(0);
          assertThat(me.thread).isSameAs(Thread.currentThread());
          ranOn.add(Thread.currentThread());
        }));
      }
      for (Task<Void> t : tasks) {
        assertThat(t.thread).as("not run yet").isNull();
      }
      Async.gather(tasks);
      for (Task<Void> t : tasks) {
        assertThat(t.thread).as("done").isNull();
        assertThat(t.step.continuation).as("done").isNull();
      }
      assertThat(ranOn).doesNotHaveDuplicates().hasSize(3);
      return null;
    });
  }

  @Test
  void aDoneTaskKeepsNothingItsBodyCapturedAlive() {
    TestLoops.runVirtual(() -> {
      List<WeakReference<byte[]>> captured = new ArrayList<>();
      Task<Integer> t = taskCapturingAMebibyte(captured);
      assertThat(t.await()).isEqualTo(1 << 20);
      for (int i = 0; i < 10 && captured.get(0).get() != null; i++) {
        System.gc();
      }
      assertThat(captured.get(0).get()).as("what the body captured, once the task is done").isNull();
      assertThat(t.result()).isEqualTo(1 << 20);
      return null;
    });
  }

  /** A task whose body alone holds a mebibyte: no frame of the caller does. */
  private static Task<Integer> taskCapturingAMebibyte(List<WeakReference<byte[]>> captured) {
    byte[] data = new byte[1 << 20];
    captured.add(new WeakReference<>(data));
    return Async.createTask(() -> data.length);
  }

  @Test
  void aTaskThreadHasTheContextClassLoaderOfTheThreadThatCreatedTheTask() throws Exception {
    Thread caller = Thread.currentThread();
    ClassLoader original = caller.getContextClassLoader();
    try (URLClassLoader mine = new URLClassLoader(new URL[0], original);
        URLClassLoader childs = new URLClassLoader(new URL[0], original)) {
      List<ClassLoader> seen = TestLoops.list();
      TestLoops.runVirtual(() -> {
        Task<?> before = Async.createTask(() -> seen.add(Thread.currentThread().getContextClassLoader()));
        Thread.currentThread().setContextClassLoader(mine);
        Task<?> after = Async.createTask(() -> {
          seen.add(Thread.currentThread().getContextClassLoader());
          Thread.currentThread().setContextClassLoader(childs);
          Async.createTask(() -> seen.add(Thread.currentThread().getContextClassLoader())).await();
        });
        before.await();
        after.await();
        return null;
      });
      assertThat(seen).containsExactly(original, mine, childs);
    } finally {
      caller.setContextClassLoader(original);
    }
  }
}
