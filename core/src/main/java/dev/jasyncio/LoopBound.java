package dev.jasyncio;

/**
 * Base of the synchronization primitives and queues: like asyncio's, they may be created
 * anywhere (a field, a constructor) and belong to the loop that first uses them; using one from
 * another loop or from a foreign thread is a clear error.
 */
abstract class LoopBound {
  private Loop loop;

  /** The calling task, checked to belong to this object's loop. */
  final Task<?> callerTask(String what) {
    Task<?> me = Task.requireCurrent(what);
    bind(me.loop, what);
    return me;
  }

  /** Checks the caller runs on this object's loop (a task or a callback). */
  final void onLoop(String what) {
    Object c = Loop.context();
    Loop l = c instanceof Loop x ? x : c instanceof Task<?> t && !t.offLoop ? t.loop : null;
    if (l == null) {
      throw new IllegalStateException(what + " must be called on its loop, not from thread '"
          + Thread.currentThread().getName() + "': use loop.callSoonThreadsafe(...)");
    }
    bind(l, what);
  }

  private void bind(Loop l, String what) {
    if (loop == null) {
      loop = l;
    } else if (loop != l) {
      throw WrongLoopException.of(what, getClass().getSimpleName(), loop, l);
    }
  }
}
