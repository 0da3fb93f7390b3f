package dev.jasyncio.pipeline;

import dev.jasyncio.CancelScope;
import dev.jasyncio.redis.DeadLetter;
import dev.jasyncio.redis.Delivery;
import dev.jasyncio.redis.DistributedQueue;
import dev.jasyncio.redis.RedisUnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code pipeline --queue URL}: a run whose items are done by workers on any machine
 * ({@code pipeline worker}). Puts one {@link Job} per item on the shared jobs queue, then takes
 * the {@link JobResult}s from the run's own results queue until every item has one. Delivery is
 * at-least-once (a worker killed mid-item has its job delivered again), so a result for an item
 * that already has one is dropped: the manifest has each item once. A job the workers gave up on
 * (dead-lettered: its workers died or hung on it too often) ends as its item's failure. Runs as
 * a task of a loop.
 */
final class QueueRun {
  /** How often the dead-letter stream is read while results are awaited. */
  private static final Duration DEAD_LETTER_POLL = Duration.ofMillis(500);

  private final QueueOptions queue;
  private final List<Item> items;
  private final Settings settings;
  private final Progress progress;
  private final PrintStream out;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Set<String> workers = new TreeSet<>();
  private int duplicates;
  private RedisUnavailableException failure;

  QueueRun(QueueOptions queue, List<Item> items, Settings settings, Progress progress, PrintStream out) {
    this.queue = queue;
    this.items = items;
    this.settings = settings;
    this.progress = progress;
    this.out = out;
  }

  /** Redis became unreachable for longer than {@code --redis-timeout}: the run did not finish. */
  RedisUnavailableException failure() {
    return failure;
  }

  /** The workers whose results count, by name. */
  Set<String> workers() {
    return workers;
  }

  /** Results dropped because their item already had one. */
  int duplicates() {
    return duplicates;
  }

  PipelineRun.Result run() {
    try {
      Files.createDirectories(settings.out()); // the manifest goes there, whatever happens
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + settings.out(), e);
    }
    long started = System.nanoTime();
    double startedAt = epochSeconds();
    Map<Integer, Item> waiting = new LinkedHashMap<>();
    for (Item i : items) {
      if (!i.resumed) {
        waiting.put(i.index, i);
      }
    }
    try (DistributedQueue<Job> jobs = queue.jobs().consumer("coordinator-" + run).build();
         DistributedQueue<byte[]> results = queue.results(run).consumer("coordinator-" + run).build()) {
      try {
        String seen = lastDeadLetter(jobs); // only this run's dead letters matter: from here on
        for (Item i : waiting.values()) {
          jobs.put(Job.id(run, i.index), Job.of(run, i, settings));
        }
        out.printf("queue: run %s: %d jobs on %s (queue %s:jobs); waiting for workers"
            + " (./jasyncio pipeline worker --queue %s)%n", run, waiting.size(), queue.where(), queue.name, queue.where());
        while (!waiting.isEmpty()) {
          Delivery<byte[]> d = CancelScope.moveOnAfterOrNull(DEAD_LETTER_POLL, results::get);
          if (d != null) {
            take(d, waiting, startedAt);
            results.taskDone(d); // after the item took it: a crash before here only repeats it
          }
          seen = deadLetters(jobs, seen, waiting);
        }
      } catch (RedisUnavailableException e) {
        failure = e;
        for (Item i : waiting.values()) {
          i.fail(ErrorKind.QUEUE_UNAVAILABLE, "no result came back: " + e.getMessage());
          progress.finished(i);
        }
      } finally {
        if (failure == null) {
          endRun(results);
        }
      }
    } catch (RedisUnavailableException e) {
      failure = e; // Redis unreachable from the start, or gone while the queues closed
      for (Item i : items) {
        if (!i.ok() && !i.failed()) {
          i.fail(ErrorKind.QUEUE_UNAVAILABLE, "not run: " + e.getMessage());
        }
      }
    }
    if (duplicates > 0) {
      out.printf("queue: %d duplicate results dropped (jobs delivered again after a worker died or was too slow)%n",
          duplicates);
    }
    return PipelineRun.Result.of(Mode.PIPELINED, items, (System.nanoTime() - started) / 1e9);
  }

  private void take(Delivery<byte[]> d, Map<Integer, Item> waiting, double startedAt) {
    JobResult r;
    try {
      r = JobResult.decode(d.value());
    } catch (IllegalArgumentException e) {
      out.println("queue: dropped a result that is not one: " + e.getMessage());
      return;
    }
    Item item = run.equals(r.run()) ? waiting.remove(r.index()) : null;
    if (item == null) {
      duplicates++; // at-least-once: this item's result came already
      return;
    }
    r.applyTo(item, startedAt);
    workers.add(r.worker());
    progress.finished(item);
  }

  /** Fails the waiting items whose jobs were dead-lettered since {@code seen}; the new cursor. */
  private String deadLetters(DistributedQueue<Job> jobs, String seen, Map<Integer, Item> waiting) {
    while (true) {
      List<DeadLetter> page = jobs.deadLetters(seen, 100);
      for (DeadLetter d : page) {
        seen = d.entryId();
        String prefix = run + "/";
        if (d.id() == null || !d.id().startsWith(prefix)) {
          continue; // another run's
        }
        Item item = waiting.remove(Integer.parseInt(d.id().substring(prefix.length())));
        if (item != null) {
          item.fail(ErrorKind.DEAD_LETTERED, "the workers gave up on its job: " + d.reason()
              + " (kept in " + jobs.deadLetterStream() + ")");
          item.deliveries = d.deliveries();
          progress.finished(item);
        }
      }
      if (page.size() < 100) {
        return seen;
      }
    }
  }

  /** The newest dead letter's entry id, paging through the old ones once. */
  private static String lastDeadLetter(DistributedQueue<Job> jobs) {
    String seen = "0-0";
    while (true) {
      List<DeadLetter> page = jobs.deadLetters(seen, 1000);
      if (!page.isEmpty()) {
        seen = page.getLast().entryId();
      }
      if (page.size() < 1000) {
        return seen;
      }
    }
  }

  /**
   * Shuts the run's results queue down at once, even when the run was cancelled: late results
   * (a slow copy of a job already done) are refused and workers skip jobs of a run that is over.
   */
  private void endRun(DistributedQueue<byte[]> results) {
    CancelScope.shielded().run(() -> {
      try {
        results.shutdown(true);
      } catch (RedisUnavailableException e) {
        // Redis is gone: nothing can deliver late results to it either
      }
    });
  }

  static double epochSeconds() {
    Instant now = Instant.now();
    return now.getEpochSecond() + now.getNano() / 1e9;
  }
}
