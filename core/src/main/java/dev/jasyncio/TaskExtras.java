package dev.jasyncio;

import java.util.ArrayList;

/**
 * The parts of a {@link Task} that few tasks set, kept out of it so that the common task is 16
 * bytes smaller: a spawn of 200 k tasks holds 200 k of them, and the collector copies every byte.
 * They are the message of a cancellation, the creation stack (debug mode), the hooks run when the
 * body ends, and a context class loader other than the loop's usual one. The task allocates it
 * when the first of them is set. Loop-only; the task monitor reads the creation stack racily.
 */
final class TaskExtras {
  /** The message of the latest cancellation request; null for none. */
  String cancelMessage;
  /** Where the task was created, in debug mode. */
  StackTraceElement[] createdAt;
  /** Run when the body ends, before completion; see {@link Task#atExit}. */
  ArrayList<Runnable> exitHooks;
  /** The context class loader of the thread that created the task, if {@link #ownLoader}. */
  ClassLoader contextLoader;
  /** Whether its creator's context class loader was not the loop's usual one. */
  boolean ownLoader;
}
