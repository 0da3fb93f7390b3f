package dev.jasyncio.examples;

import java.util.List;

/**
 * {@code ./jasyncio demo}: three stops of the tour in real time. Seed 003's hello1/hello2 (the
 * task created first prints last, because it sleeps) and seed 002's countsync versus countasync
 * (three one-second waits take three seconds one after another, one second as tasks).
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the three examples.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    List<Example> demo = List.of(new Hello1Hello2(), new CountSync(), new CountAsync());
    for (int i = 0; i < demo.size(); i++) {
      Tour.show(demo.get(i), System.out, i + 1, demo.size());
    }
  }
}
