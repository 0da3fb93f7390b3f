package dev.jasyncio.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * One stop of the tour: a small program from a seed tutorial, written for Java readers. Its
 * {@link #run(PrintStream)} is the body of the program's main task; the tour (or a test) decides
 * which loop and which clock it runs on, so the same program shows its lesson in real time in
 * {@code ./jasyncio tour} and on a virtual clock in its test.
 */
public interface Example {
  /**
   * The name to run it by: {@code ./jasyncio tour NAME}.
   *
   * @return a short lower-case name, like the seed's script name
   */
  String name();

  /**
   * The seed tutorial it comes from and what it shows, in a few words.
   *
   * @return the title line
   */
  String title();

  /**
   * The lesson, in one or two sentences.
   *
   * @return the lesson
   */
  String lesson();

  /**
   * Whether even the tour runs it on a virtual clock, because its waits add up to minutes or
   * hours; its lesson says so.
   *
   * @return true to run on a virtual clock everywhere
   */
  default boolean virtualInTour() {
    return false;
  }

  /**
   * Whether its loop runs in debug mode.
   *
   * @return true for a debug-mode loop
   */
  default boolean debug() {
    return false;
  }

  /**
   * This example with command-line arguments ({@code ./jasyncio tour NAME ARGS...}).
   *
   * @param args the arguments after the name
   * @return an example configured by them
   * @throws IllegalArgumentException if it takes no arguments or they are wrong
   */
  default Example withArgs(List<String> args) {
    if (!args.isEmpty()) {
      throw new IllegalArgumentException(name() + " takes no arguments, got " + args);
    }
    return this;
  }

  /**
   * The program: runs as the main task of the loop it is given and prints to {@code out}.
   *
   * @param out where the program prints
   * @throws Exception whatever the program throws
   */
  void run(PrintStream out) throws Exception;
}
