package dev.jasyncio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A loop's tasks that are not done yet: an array, each task knowing its slot, so adding and
 * removing are O(1) (a removal moves the last task into the hole). Loop-only writes.
 *
 * <p>Why not a linked list through the tasks: a million sleeping tasks chained to one another
 * make every young collection follow the chain: the collections of a million sleeps took about
 * 15 % longer with it. An array is scanned in parallel chunks.
 */
final class LiveTasks {
  private static final int MIN_LENGTH = 64;
  /** Newest first, as asyncio users read {@code all_tasks} in examples; ids only grow. */
  private static final Comparator<Task<?>> NEWEST_FIRST = (a, b) -> Long.compare(b.id, a.id);

  private Task<?>[] slots = new Task<?>[MIN_LENGTH];
  /** How many; read racily by other threads (the group's placement, the monitor) as a hint. */
  int size;

  void add(Task<?> t) {
    if (size == slots.length) {
      slots = Arrays.copyOf(slots, size * 2);
    }
    t.liveSlot = size;
    slots[size++] = t;
  }

  void remove(Task<?> t) {
    int i = t.liveSlot;
    if (i < 0 || i >= size || slots[i] != t) {
      return; // not live: never added, or removed already
    }
    Task<?> last = slots[--size];
    slots[i] = last;
    last.liveSlot = i;
    slots[size] = null;
    t.liveSlot = -1;
    if (slots.length > MIN_LENGTH && size < slots.length >>> 2) {
      slots = Arrays.copyOf(slots, slots.length >>> 1); // after a burst: give the room back
    }
  }

  /** A snapshot, newest first; exact on the loop's thread. */
  List<Task<?>> snapshot() {
    return matching(t -> true);
  }

  /**
   * The live tasks that {@code which} accepts, newest first: one pass over all of them, and only
   * those it keeps are sorted (the loop's close asks after every iteration for the few that
   * started while it closes).
   */
  List<Task<?>> matching(Predicate<Task<?>> which) {
    List<Task<?>> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (which.test(slots[i])) {
        out.add(slots[i]);
      }
    }
    out.sort(NEWEST_FIRST);
    return out;
  }

  /**
   * A snapshot from any thread, newest first: exact on the loop, elsewhere it may miss a task
   * that moved while it was read, and never lists one twice.
   */
  List<Task<?>> snapshotRacy() {
    Task<?>[] s = slots;
    int n = Math.min(size, s.length);
    List<Task<?>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Task<?> t = s[i];
      if (t != null) {
        out.add(t);
      }
    }
    out.sort(NEWEST_FIRST);
    for (int i = out.size() - 1; i > 0; i--) {
      if (out.get(i) == out.get(i - 1)) {
        out.remove(i); // moved into a slot read later: seen twice
      }
    }
    return out;
  }
}
