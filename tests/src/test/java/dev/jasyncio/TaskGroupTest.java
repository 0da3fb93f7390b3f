package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's TaskGroup rules. */
class TaskGroupTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static double now() {
    return Async.currentLoop().time();
  }

  private static ExceptionGroup group(Throwable t) {
    assertThat(t).isInstanceOf(ExceptionGroup.class);
    return (ExceptionGroup) t;
  }

  private static List<String> messages(Throwable t) {
    return group(t).exceptions().stream().map(Throwable::getMessage).toList();
  }

  @Test
  void theGroupWaitsForEveryChild() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<?>[] kids = new Task<?>[2];
      Async.taskGroup(tg -> {
        kids[0] = tg.createTask(() -> {
          Async.sleep(1);
          out.add("one");
        });
        kids[1] = tg.createTask(() -> {
          Async.sleep(2);
          out.add("two");
          return 2;
        }, "second");
        out.add("body done");
      });
      out.add("group done at " + now());
      assertThat(kids[1].result()).isEqualTo(2);
      assertThat(kids[1].getName()).isEqualTo("second");
      return null;
    });
    assertThat(out).containsExactly("body done", "one", "two", "group done at 2.0");
  }

  @Test
  void childrenCanAddTasksWhileTheGroupWaits() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Async.taskGroup(tg -> tg.createTask(() -> {
        Async.sleep(1);
        tg.createTask(() -> {
          Async.sleep(1);
          out.add("grandchild at " + now());
        });
      }));
      out.add("done at " + now());
      return null;
    });
    assertThat(out).containsExactly("grandchild at 2.0", "done at 2.0");
  }

  @Test
  void theFirstFailureCancelsTheOtherChildrenAndTheBodyAndEveryFailureSurfacesInOrder() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Async.taskGroup(tg -> {
        tg.createTask(() -> {
          Async.sleep(2);
          throw new IllegalStateException("first");
        });
        tg.createTask(() -> {
          try {
            Async.sleep(HOUR);
          } catch (CancelledException c) {
            throw new IllegalArgumentException("second, while cancelled"); // also a failure
          }
        });
        tg.createTask(() -> {
          try {
            Async.sleep(HOUR);
          } finally {
            out.add("sibling cancelled at " + now());
          }
        });
        try {
          Async.sleep(HOUR);
        } catch (CancelledException c) {
          out.add("body cancelled at " + now());
          throw c;
        }
        out.add("body never gets here");
      }));
      assertThat(messages(t)).containsExactly("first", "second, while cancelled");
      assertThat(t).hasMessageContaining("2 sub-exceptions");
      assertThat(Async.currentTask().cancelling()).isZero(); // the group's own cancel is gone
      Async.sleep(Duration.ofSeconds(1)); // and the task is not cancelled
      return null;
    });
    assertThat(out).contains("sibling cancelled at 2.0", "body cancelled at 2.0");
  }

  @Test
  void theBodysCancellationByTheGroupDoesNotEscapeEvenIfTheBodyCatchesNothing() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.taskGroup(tg -> {
        tg.createTask(() -> {
          throw new IllegalStateException("child");
        });
        Async.sleep(HOUR);
      })).isInstanceOf(ExceptionGroup.class).isNotInstanceOf(CancelledException.class);
      assertThat(now()).isEqualTo(0.0);
      return null;
    });
  }

  @Test
  void aChildsCancellationIsNotAFailure() {
    TestLoops.runVirtual(() -> {
      Async.taskGroup(tg -> {
        Task<Void> c = tg.createTask(() -> Async.sleep(HOUR));
        Task<Void> ok = tg.createTask(() -> Async.sleep(2));
        Async.sleep(1);
        c.cancel();
        assertThat(ok.isDone()).isFalse();
      });
      assertThat(now()).isEqualTo(2.0);
      return null;
    });
  }

  @Test
  void aBodyFailureCancelsTheChildrenAndIsInTheGroupLast() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Async.taskGroup(tg -> {
        tg.createTask(() -> {
          try {
            Async.sleep(HOUR);
          } catch (CancelledException c) {
            out.add("child cancelled");
            throw new IllegalStateException("child failed while cancelled");
          }
        });
        Async.sleep(1);
        throw new IllegalArgumentException("body");
      }));
      assertThat(messages(t)).containsExactly("child failed while cancelled", "body");
      return null;
    });
    assertThat(out).containsExactly("child cancelled");
  }

  @Test
  void cancellingTheEnclosingTaskCancelsTheChildrenAndPropagatesTheCancellation() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> parent = Async.createTask(() -> Async.taskGroup(tg -> {
        tg.createTask(() -> {
          try {
            Async.sleep(HOUR);
          } finally {
            CancelScope.shielded().run(() -> Async.sleep(1));
            out.add("child finished at " + now());
          }
        });
        Async.sleep(HOUR);
      }));
      Async.sleep(2);
      parent.cancel("stop");
      assertThatThrownBy(parent::await).isInstanceOf(CancelledException.class).hasMessage("stop");
      out.add("parent cancelled at " + now());
      return null;
    });
    assertThat(out).containsExactly("child finished at 3.0", "parent cancelled at 3.0");
  }

  @Test
  void cancellingTheTaskWhileTheGroupWaitsAfterTheBodyCancelsTheChildren() {
    TestLoops.runVirtual(() -> {
      Task<?>[] child = new Task<?>[1];
      Task<Void> parent = Async.createTask(() -> Async.taskGroup(tg -> {
        child[0] = tg.createTask(() -> Async.sleep(HOUR));
      }));
      Async.sleep(2);
      parent.cancel();
      assertThatThrownBy(parent::await).isInstanceOf(CancelledException.class);
      assertThat(child[0].isCancelled()).isTrue();
      assertThat(now()).isEqualTo(2.0);
      return null;
    });
  }

  @Test
  void externalCancellationWithChildFailuresRaisesTheGroupAndKeepsTheCancellation() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> parent = Async.createTask(() -> {
        try {
          Async.taskGroup(tg -> {
            tg.createTask(() -> {
              try {
                Async.sleep(HOUR);
              } catch (CancelledException c) {
                throw new IllegalStateException("failed on cancel");
              }
            });
            Async.sleep(HOUR);
          });
        } catch (ExceptionGroup g) {
          out.add("group: " + messages(g));
        }
        out.add("cancelling=" + Async.currentTask().cancelling());
        Async.sleep(Duration.ZERO); // the cancellation is not lost
        out.add("never");
      });
      Async.sleep(1);
      parent.cancel();
      assertThatThrownBy(parent::await).isInstanceOf(CancelledException.class);
      return null;
    });
    assertThat(out).containsExactly("group: [failed on cancel]", "cancelling=1");
  }

  @Test
  void addingATaskToAFinishedOrShuttingDownGroupIsAClearError() {
    TestLoops.runVirtual(() -> {
      TaskGroup[] saved = new TaskGroup[1];
      Async.taskGroup(tg -> saved[0] = tg);
      assertThatThrownBy(() -> saved[0].createTask(() -> 1))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
      assertThatThrownBy(() -> Async.taskGroup(tg -> {
        tg.createTask(() -> {
          throw new IllegalStateException("x");
        });
        try {
          Async.sleep(HOUR);
        } catch (CancelledException c) {
          assertThatThrownBy(() -> tg.createTask(() -> 1))
              .isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
          throw c;
        }
      })).isInstanceOf(ExceptionGroup.class);
      assertThat(Async.currentLoop().allTasks()).containsExactly(Async.currentTask());
      return null;
    });
  }

  @Test
  void groupsNestAndEachProcessesItsOwnFailures() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Async.taskGroup(outer -> {
        outer.createTask(() -> {
          Async.sleep(1);
          throw new IllegalStateException("outer child");
        });
        Async.taskGroup(inner -> {
          inner.createTask(() -> {
            Async.sleep(1);
            throw new IllegalStateException("inner child");
          });
          Async.sleep(HOUR);
        });
        out.add("never");
      }));
      // both children fail at t=1: the inner group raises its own group, which joins the outer's
      ExceptionGroup g = group(t);
      assertThat(g.exceptions()).hasSize(2);
      assertThat(g.exceptions().get(0)).hasMessage("outer child");
      assertThat(messages(g.exceptions().get(1))).containsExactly("inner child");
      return null;
    });
    assertThat(out).isEmpty();
  }

  @Test
  void anOuterGroupsCancellationPassesThroughAnInnerGroup() {
    TestLoops.runVirtual(() -> {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Async.taskGroup(outer -> {
        outer.createTask(() -> {
          Async.sleep(1);
          throw new IllegalStateException("outer child");
        });
        Async.taskGroup(inner -> {
          inner.createTask(() -> Async.sleep(HOUR));
          Async.sleep(HOUR);
        });
      }));
      assertThat(messages(t)).containsExactly("outer child");
      assertThat(Async.currentLoop().allTasks()).containsExactly(Async.currentTask());
      return null;
    });
  }

  @Test
  void aTimeoutAroundAGroupCancelsItsChildren() {
    TestLoops.runVirtual(() -> {
      Task<?>[] child = new Task<?>[1];
      assertThatThrownBy(() -> Async.timeout(Duration.ofSeconds(3), () -> Async.taskGroup(tg -> {
        child[0] = tg.createTask(() -> Async.sleep(HOUR));
      }))).isInstanceOf(TimeoutException.class);
      assertThat(child[0].isCancelled()).isTrue();
      assertThat(now()).isEqualTo(3.0);
      return null;
    });
  }

  @Test
  void aChildThatSwallowsItsCancellationStillEndsAtItsNextSuspensionPoint() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.taskGroup(tg -> {
        tg.createTask(() -> {
          try {
            Async.sleep(HOUR);
          } catch (CancelledException swallowed) {
            out.add("swallowed");
          }
          Async.sleep(HOUR); // level-triggered: throws again
          out.add("never");
        });
        tg.createTask(() -> {
          Async.sleep(1);
          throw new IllegalStateException("trigger");
        });
      })).isInstanceOf(ExceptionGroup.class);
      assertThat(now()).isEqualTo(1.0);
      return null;
    });
    assertThat(out).containsExactly("swallowed");
  }

  @Test
  void aCheckedChildFailureIsInTheGroupAsIs() {
    TestLoops.runVirtual(() -> {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Async.taskGroup(tg ->
          tg.createTask(() -> {
            throw new java.io.IOException("io");
          })));
      assertThat(group(t).exceptions()).singleElement().isInstanceOf(java.io.IOException.class);
      return null;
    });
  }

  /** The asyncio docs' recipe: a task that raises a marker exception terminates the group. */
  @Test
  void terminatingATaskGroupWithAMarkerException() {
    final class TerminateTaskGroup extends RuntimeException {}
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      try {
        Async.taskGroup(group -> {
          for (double[] job : new double[][] {{1, 0.5}, {2, 1.5}}) {
            group.createTask(() -> {
              try {
                Async.sleep(job[1]);
                out.add("Task " + (int) job[0] + ": complete");
              } catch (CancelledException c) {
                out.add("Task " + (int) job[0] + ": cancelled");
                throw c;
              }
            });
          }
          Async.sleep(1);
          group.createTask(() -> {
            throw new TerminateTaskGroup();
          });
        });
      } catch (ExceptionGroup g) {
        if (!g.exceptions().stream().allMatch(TerminateTaskGroup.class::isInstance)) {
          throw g;
        }
      }
      return null;
    });
    assertThat(out).containsExactly("Task 1: complete", "Task 2: cancelled");
  }

  @Test
  void cancelEndsTheGroupEarlyWithoutAnError() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<?>[] server = new Task<?>[1];
      Async.taskGroup(tg -> {
        server[0] = tg.createTask(() -> Async.sleep(HOUR));
        tg.createTask(() -> {
          Async.sleep(2);
          out.add("goal met");
          tg.cancel(); // from a child
        });
        try {
          Async.sleep(HOUR);
        } finally {
          out.add("body ended at " + now());
        }
      });
      out.add("group returned, cancelling=" + Async.currentTask().cancelling()
          + ", server cancelled=" + server[0].isCancelled());
      TaskGroup[] saved = new TaskGroup[1];
      Async.taskGroup(tg -> {
        saved[0] = tg;
        tg.cancel(); // from the body, before any child: the first suspension point ends it
        Async.sleep(HOUR);
      });
      saved[0].cancel(); // idempotent once finished
      assertThatThrownBy(() -> saved[0].createTask(() -> 1)).isInstanceOf(IllegalStateException.class);
      return null;
    });
    assertThat(out).containsExactly("goal met", "body ended at 2.0",
        "group returned, cancelling=0, server cancelled=true");
  }

  @Test
  void aGroupBelongsToItsLoop() {
    TaskGroup[] saved = new TaskGroup[1];
    try (Loop a = Loop.builder().clock(Clock.virtual()).build()) {
      a.runUntilComplete(() -> {
        Async.taskGroup(tg -> {
          saved[0] = tg;
          Loop b = Loop.builder().clock(Clock.virtual()).build();
          Task<?> inB = b.createTask(() -> saved[0].createTask(() -> 1));
          Async.toThread(() -> {
            b.runUntilComplete(() -> {
              assertThatThrownBy(inB::await).isInstanceOf(WrongLoopException.class);
              return null;
            });
            b.close();
          });
        });
        return null;
      });
    }
  }

  @Test
  void badInput() {
    assertThatThrownBy(() -> Async.taskGroup(tg -> {})).isInstanceOf(NoRunningLoopException.class);
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.taskGroup(null)).isInstanceOf(NullPointerException.class);
      Async.taskGroup(tg -> assertThatThrownBy(() -> tg.createTask((java.util.concurrent.Callable<Object>) null))
          .isInstanceOf(NullPointerException.class));
      return null;
    });
  }
}
