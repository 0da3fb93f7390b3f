package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.util.Locale;

/** Seed 002: Judit Polgár's chess exhibition, synchronous and asynchronous. */
public final class Chess implements Example {
  static final int OPPONENTS = 24;
  static final double JUDIT_MOVE = 5;
  static final double OPPONENT_MOVE = 55;
  static final int PAIR_MOVES = 30;

  @Override
  public String name() {
    return "chess";
  }

  @Override
  public String title() {
    return "seed 002: the chess exhibition (24 boards, 5 s and 55 s moves, 30 pair moves)";
  }

  @Override
  public String lesson() {
    return "Playing one board to its end before the next takes 12 hours; moving from board to"
        + " board while each opponent thinks takes 1 hour, because Judit (one task) never waits."
        + " Even the tour runs this one on a virtual clock: 13 hours pass in milliseconds.";
  }

  @Override
  public boolean virtualInTour() {
    return true;
  }

  /** Judit plays one board to its end, then the next. */
  static double synchronous(PrintStream out) {
    double start = Async.currentLoop().time();
    for (int board = 1; board <= OPPONENTS; board++) {
      for (int move = 0; move < PAIR_MOVES; move++) {
        Async.sleep(JUDIT_MOVE);
        Async.sleep(OPPONENT_MOVE);
      }
      if (board == 1 || board == OPPONENTS) {
        out.println(String.format(Locale.ROOT, "  board %d over after %.1f h", board,
            (Async.currentLoop().time() - start) / 3600));
      }
    }
    return Async.currentLoop().time() - start;
  }

  /** Judit moves at each board in turn; every opponent thinks in a task of their own. */
  static double asynchronous(PrintStream out) {
    double start = Async.currentLoop().time();
    @SuppressWarnings("unchecked")
    Task<Void>[] opponentMove = new Task[OPPONENTS];
    for (int move = 0; move < PAIR_MOVES; move++) {
      for (int board = 0; board < OPPONENTS; board++) {
        if (opponentMove[board] != null) {
          opponentMove[board].await(); // the opponent at this board has moved
        }
        Async.sleep(JUDIT_MOVE); // Judit moves: she is one person, one board at a time
        opponentMove[board] = Async.createTask(() -> Async.sleep(OPPONENT_MOVE));
      }
    }
    for (int board = 0; board < OPPONENTS; board++) {
      opponentMove[board].await();
      if (board == 0 || board == OPPONENTS - 1) {
        out.println(String.format(Locale.ROOT, "  board %d over after %.2f h", board + 1,
            (Async.currentLoop().time() - start) / 3600));
      }
    }
    return Async.currentLoop().time() - start;
  }

  @Override
  public void run(PrintStream out) {
    out.println("Synchronous exhibition: one board at a time");
    double sync = synchronous(out);
    out.println("Asynchronous exhibition: a move at each board in turn");
    double async = asynchronous(out);
    out.println(String.format(Locale.ROOT, "synchronous: %.0f s = %.1f hours", sync, sync / 3600));
    out.println(String.format(Locale.ROOT, "asynchronous: %.0f s = %.1f hours", async, async / 3600));
  }
}
