package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random trees of task groups, cancel scopes, settled gathers and tasks, with random failures,
 * cancellations and deadlines, on the virtual clock. When the root returns, no task of the tree
 * is left, and every failure a task raised was either thrown to the root or returned by a settled
 * gather.
 */
class StructuredPropertyTest {

  /** A failure raised by a leaf; each is a distinct object, found again by identity. */
  static final class LeafFailure extends RuntimeException {
    LeafFailure(String message) {
      super(message, null, false, false);
    }
  }

  enum Kind {
    /** sleeps, returns */
    OK,
    /** sleeps, fails */
    FAIL,
    /** swallows its first cancellation and sleeps again (which throws again) */
    SWALLOW,
    /** fails when cancelled */
    FAIL_ON_CANCEL
  }

  sealed interface Node {}

  record Leaf(int delayMs, Kind kind) implements Node {}

  /** A task group; its body sleeps, may cancel one child (or, past the last, the group), may fail. */
  record Group(List<Node> children, int bodyDelayMs, boolean bodyFails, Integer cancelChild) implements Node {}

  /** A cancel scope around a subtree: a deadline, a shield, a cancel() at some time. */
  record Scope(Node child, Integer deadlineMs, boolean shield, Integer cancelAtMs, boolean failOnTimeout)
      implements Node {}

  /** A settled gather of one task per child. */
  record Settled(List<Node> children) implements Node {}

  /** Children one after another in the same task. */
  record Seq(List<Node> children) implements Node {}

  @Provide
  Arbitrary<Node> trees() {
    return Arbitraries.lazy(() -> node(3)).filter(n -> !(n instanceof Leaf));
  }

  private Arbitrary<Node> node(int depth) {
    Arbitrary<Kind> kind = Arbitraries.frequency(net.jqwik.api.Tuple.of(2, Kind.OK), net.jqwik.api.Tuple.of(2, Kind.FAIL),
        net.jqwik.api.Tuple.of(1, Kind.SWALLOW), net.jqwik.api.Tuple.of(2, Kind.FAIL_ON_CANCEL));
    Arbitrary<Node> leaf = Combinators.combine(Arbitraries.integers().between(0, 40), kind).as(Leaf::new);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Node> sub = Arbitraries.lazy(() -> node(depth - 1));
    Arbitrary<List<Node>> kids = sub.list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Node> group = Combinators.combine(kids, Arbitraries.integers().between(0, 40),
        Arbitraries.integers().between(0, 5).map(i -> i == 0),
        Arbitraries.integers().between(0, 3).injectNull(0.6)).as(Group::new);
    Arbitrary<Node> scope = Combinators.combine(sub, Arbitraries.integers().between(0, 60).injectNull(0.4),
        Arbitraries.integers().between(0, 4).map(i -> i == 0),
        Arbitraries.integers().between(0, 60).injectNull(0.6), Arbitraries.of(true, false)).as(Scope::new);
    Arbitrary<Node> settled = kids.map(Settled::new);
    Arbitrary<Node> seq = kids.map(Seq::new);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(3, group), net.jqwik.api.Tuple.of(3, scope),
        net.jqwik.api.Tuple.of(1, settled), net.jqwik.api.Tuple.of(1, seq));
  }

  /** What one run saw: failures raised, failures returned by settled gathers. */
  static final class Run {
    final List<Throwable> raised = new ArrayList<>();
    final List<Throwable> returned = new ArrayList<>();
    int counter;

    Object run(Node n) throws Exception {
      switch (n) {
        case Leaf l -> leaf(l);
        case Group g -> Async.taskGroup(tg -> {
          List<Task<Object>> kids = new ArrayList<>();
          for (Node c : g.children()) {
            kids.add(tg.createTask(() -> run(c)));
          }
          if (g.cancelChild() != null) {
            Async.sleep(Duration.ofMillis(g.bodyDelayMs() / 2));
            if (g.cancelChild() < kids.size()) {
              kids.get(g.cancelChild()).cancel();
            } else {
              tg.cancel(); // the whole group
            }
          }
          Async.sleep(Duration.ofMillis(g.bodyDelayMs()));
          if (g.bodyFails()) {
            throw raise("group body");
          }
        });
        case Scope s -> {
          CancelScope scope = s.deadlineMs() == null ? new CancelScope()
              : CancelScope.after(Duration.ofMillis(s.deadlineMs()));
          scope.setShield(s.shield());
          if (s.cancelAtMs() != null) {
            Async.currentLoop().callLater(Duration.ofMillis(s.cancelAtMs()), scope::cancel);
          }
          scope.run(() -> run(s.child()));
          if (s.failOnTimeout() && scope.cancelledCaught()) {
            throw new TimeoutException("scope timed out"); // not a task's failure
          }
        }
        case Settled s -> {
          List<Task<Object>> kids = new ArrayList<>();
          for (Node c : s.children()) {
            kids.add(Async.createTask(() -> run(c)));
          }
          for (Outcome<Object> o : Async.gatherSettled(kids)) {
            if (o instanceof Outcome.Failure<Object> f) {
              returned.add(f.error());
            }
          }
        }
        case Seq s -> {
          for (Node c : s.children()) {
            run(c);
          }
        }
      }
      return null;
    }

    private void leaf(Leaf l) {
      Duration d = Duration.ofMillis(l.delayMs());
      switch (l.kind()) {
        case OK -> Async.sleep(d);
        case FAIL -> {
          Async.sleep(d);
          throw raise("leaf");
        }
        case SWALLOW -> {
          try {
            Async.sleep(d);
          } catch (CancelledException swallowed) {
            // careless code; the next suspension point throws again
          }
          Async.sleep(d);
        }
        case FAIL_ON_CANCEL -> {
          try {
            Async.sleep(d);
          } catch (CancelledException c) {
            throw raise("on cancel");
          }
        }
      }
    }

    private LeafFailure raise(String what) {
      LeafFailure f = new LeafFailure(what + " #" + counter++);
      raised.add(f);
      return f;
    }
  }

  @Property(tries = 500)
  void nothingOutlivesTheRootAndNoFailureIsLost(@ForAll("trees") Node tree, @ForAll long scheduleSeed) {
    Run run = new Run();
    Throwable[] thrown = new Throwable[1];
    List<Task<?>> left;
    // tasks ready at the same moment run in an order drawn from the seed: more interleavings
    try (Loop loop = Loop.builder().clock(Clock.virtual()).scheduleSeed(scheduleSeed).build()) {
      left = loop.runUntilComplete(() -> {
        try {
          run.run(tree);
        } catch (Throwable t) {
          thrown[0] = t;
        }
        List<Task<?>> tasks = new ArrayList<>(Async.currentLoop().allTasks());
        tasks.remove(Async.currentTask());
        return tasks;
      });
    }
    net.jqwik.api.statistics.Statistics.label("outcome").collect(
        thrown[0] == null ? "returned" : thrown[0].getClass().getSimpleName());
    net.jqwik.api.statistics.Statistics.label("failures").collect(
        run.raised.isEmpty() ? "none" : run.returned.isEmpty() ? "raised" : "raised, some returned");
    assertThat(left).as("tasks of the tree still running").isEmpty();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(thrown[0], seen);
    for (Throwable r : run.returned) {
      collect(r, seen);
    }
    for (Throwable f : run.raised) {
      assertThat(seen).as("failure %s was neither thrown nor returned (thrown: %s)", f, thrown[0]).contains(f);
    }
  }

  private static void collect(Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return;
    }
    if (t instanceof ExceptionGroup g) {
      g.exceptions().forEach(e -> collect(e, seen));
    }
    collect(t.getCause(), seen);
    for (Throwable s : t.getSuppressed()) {
      collect(s, seen);
    }
  }
}
