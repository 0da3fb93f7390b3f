package dev.jasyncio;

/**
 * A meeting point for a fixed number of tasks: asyncio's {@code Barrier}. Each task calling
 * {@link #await()} suspends until {@code parties} tasks have arrived; then all of them go on, and
 * the barrier is ready for the next round.
 *
 * <pre>{@code
 * Barrier b = new Barrier(3);
 * for (int i = 0; i < 3; i++) {
 *   Async.createTask(() -> { prepare(); b.await(); run(); });
 * }
 * }</pre>
 *
 * <p>{@link #abort()} breaks the barrier: waiting and later callers get a
 * {@link BrokenBarrierException} until {@link #reset()}. A task cancelled while waiting leaves the
 * round (it is no longer counted) without breaking it.
 */
public final class Barrier extends LoopBound {
  private static final Object BROKEN = new Object();

  private final int parties;
  private final WaitQueue waiters = new WaitQueue(this, "Barrier.wait");
  private boolean broken;

  /**
   * Creates a barrier for {@code parties} tasks.
   *
   * @param parties how many tasks each round waits for, at least 1
   * @throws IllegalArgumentException if {@code parties} is less than 1
   */
  public Barrier(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("Barrier parties must be at least 1: " + parties);
    }
    this.parties = parties;
  }

  /**
   * Waits until {@code parties} tasks have arrived.
   *
   * @return this task's index in the round, from 0 to {@code parties - 1}, in arrival order (the
   *     last to arrive, which releases the others, gets {@code parties - 1})
   * @throws BrokenBarrierException if the barrier is broken, or breaks while waiting
   * @throws CancelledException if the task is cancelled while waiting (it leaves the round)
   */
  public int await() {
    Task<?> me = callerTask("Barrier.await");
    if (broken) {
      throw new BrokenBarrierException("Barrier.await: the barrier is broken (aborted); reset() it first");
    }
    int index = waiters.size();
    if (index + 1 == parties) {
      // the last one: hand every waiter its arrival index; the barrier is empty for the next round
      int i = 0;
      Waiter w;
      while ((w = waiters.first()) != null) {
        w.wake(i++);
      }
      return index;
    }
    Waiter w = new Waiter(me);
    waiters.add(w);
    me.suspend(w);
    if (w.value == BROKEN) {
      throw new BrokenBarrierException("Barrier.await: the barrier was broken while waiting");
    }
    return (Integer) w.value;
  }

  /** Breaks the barrier: every waiting and later {@link #await()} throws until {@link #reset()}. */
  public void abort() {
    onLoop("Barrier.abort");
    broken = true;
    waiters.wakeAll(BROKEN);
  }

  /**
   * Empties the barrier for a new round: tasks waiting now get a {@link BrokenBarrierException};
   * a broken barrier becomes usable again.
   */
  public void reset() {
    onLoop("Barrier.reset");
    waiters.wakeAll(BROKEN);
    broken = false;
  }

  /**
   * How many tasks each round waits for.
   *
   * @return the parties
   */
  public int parties() {
    return parties;
  }

  /**
   * How many tasks wait in the current round.
   *
   * @return the count
   */
  public int waiting() {
    return waiters.size();
  }

  /**
   * Whether the barrier is broken.
   *
   * @return true after {@link #abort()} until {@link #reset()}
   */
  public boolean isBroken() {
    return broken;
  }

  @Override
  public String toString() {
    return "Barrier[" + (broken ? "broken" : waiters.size() + "/" + parties) + "]";
  }
}
