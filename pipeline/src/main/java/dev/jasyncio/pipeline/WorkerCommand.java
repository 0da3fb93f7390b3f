package dev.jasyncio.pipeline;

import dev.jasyncio.Async;
import dev.jasyncio.CancelScope;
import dev.jasyncio.CancelledException;
import dev.jasyncio.ExceptionGroup;
import dev.jasyncio.QueueShutDownException;
import dev.jasyncio.redis.Delivery;
import dev.jasyncio.redis.DistributedQueue;
import dev.jasyncio.redis.RedisUnavailableException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./jasyncio pipeline worker --queue URL}: takes jobs that {@code pipeline --queue} runs
 * put on Redis, from any number of runs, and does each as the one-process pipeline does
 * (download, then the edge filter on the CPU pool), several at once. Processed images are
 * written under this worker's {@code --out} (a directory shared by the machines, as a Celery or
 * arq worker writes to shared storage); the result sent back says where, with the sha256, sizes
 * and errors. A job is acknowledged only after its result is sent, so a worker that dies
 * mid-item has the item delivered again to another one after {@code --visibility-timeout}.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
    version = "jasyncio pipeline worker 0.1.0",
    description = "Take the jobs of 'pipeline --queue' runs from Redis and do them: download, run the edge"
        + " filter, write DIR/processed/, send the result back. Run it on as many machines as you like.",
    footer = {"", "Exit status: 0 when stopped (--burst: when no work is left), 1 on a usage error or when Redis"
        + " stayed unreachable for --redis-timeout."})
final class WorkerCommand implements Callable<Integer> {
  @Mixin
  QueueOptions queue = new QueueOptions();

  @Option(names = "--out", paramLabel = "DIR", description = "Where the processed images go: best a directory every machine shares (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("pipeline-out");

  @Option(names = "--concurrency", paramLabel = "N", description = "Jobs at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 8;

  @Option(names = "--visibility-timeout", paramLabel = "TIME", description = "A job taken and not done for this long goes to another worker: longer than the slowest item (default: ${DEFAULT-VALUE}).")
  String visibilityTimeout = "5m";

  @Option(names = "--max-deliveries", paramLabel = "N", description = "A job delivered more often than this is dead-lettered: its item fails (default: ${DEFAULT-VALUE}).")
  int maxDeliveries = 3;

  @Option(names = "--burst", description = "Exit once no job waits or is being done anywhere (rq's burst mode), instead of waiting for more.")
  boolean burst;

  @Spec
  CommandSpec spec;

  /** How long a burst worker waits for a job before it looks whether any work is left. */
  private static final Duration IDLE = Duration.ofSeconds(1);

  @Override
  public Integer call() {
    if (queue.url == null) {
      throw new PipelineCommand.UsageError("pipeline worker needs --queue redis://HOST:PORT");
    }
    queue.check();
    if (concurrency < 1) {
      throw new PipelineCommand.UsageError("invalid value for --concurrency: must be at least 1, not " + concurrency);
    }
    if (maxDeliveries < 1) {
      throw new PipelineCommand.UsageError("invalid value for --max-deliveries: must be at least 1, not " + maxDeliveries);
    }
    Duration visibility;
    try {
      visibility = Units.duration(visibilityTimeout);
    } catch (IllegalArgumentException e) {
      throw new PipelineCommand.UsageError("invalid value for --visibility-timeout: " + e.getMessage());
    }
    if (visibility.isZero()) {
      throw new PipelineCommand.UsageError("invalid value for --visibility-timeout: must be more than zero");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    try {
      Async.run(() -> work(visibility, stdout));
      return PipelineCommand.OK;
    } catch (CancelledException e) {
      stdout.println("worker: stopped; the jobs it held go to other workers after the visibility timeout");
      return PipelineCommand.OK;
    } catch (RuntimeException e) {
      RedisUnavailableException gone = e instanceof RedisUnavailableException r ? r
          : e instanceof ExceptionGroup g ? g.find(RedisUnavailableException.class).orElse(null) : null;
      if (gone == null) {
        throw e;
      }
      throw gone; // named by the command's handler, exit status 1
    }
  }

  private void work(Duration visibility, PrintWriter stdout) {
    Map<Settings, Downloader> downloaders = new HashMap<>(); // one per run's download settings
    try (DistributedQueue<Job> jobs = queue.jobs().visibilityTimeout(visibility).maxDeliveries(maxDeliveries)
        .poolSize(concurrency + 4).build()) {
      stdout.printf("worker %s: jobs from %s (queue %s:jobs), %d at a time, images into %s%n",
          jobs.consumer(), queue.where(), queue.name, concurrency, out.toAbsolutePath());
      stdout.flush();
      try {
        Async.taskGroup(tg -> {
          for (int t = 0; t < concurrency; t++) {
            tg.createTask(() -> takeJobs(jobs, downloaders, stdout), "worker " + t);
          }
        });
      } finally {
        downloaders.values().forEach(Downloader::close);
      }
    }
  }

  private void takeJobs(DistributedQueue<Job> jobs, Map<Settings, Downloader> downloaders, PrintWriter stdout) {
    while (true) {
      Delivery<Job> d;
      try {
        d = burst ? CancelScope.moveOnAfterOrNull(IDLE, jobs::get) : jobs.get();
      } catch (QueueShutDownException e) {
        return; // someone shut the jobs queue down: no more work will come
      }
      if (d == null) {
        if (jobs.unfinished() == 0) {
          return; // burst: nothing waits and nobody holds a job that could come back
        }
        continue;
      }
      String line = doJob(jobs, d, downloaders);
      jobs.taskDone(d); // only now: a worker that died before this has the job done again
      stdout.println(line);
      stdout.flush();
    }
  }

  /** The run's download stage, shared by this worker's tasks (opening one may suspend). */
  private static Downloader downloader(Map<Settings, Downloader> downloaders, Settings s) {
    Downloader d = downloaders.get(s);
    if (d == null) {
      Downloader made = Downloader.open(s);
      d = downloaders.putIfAbsent(s, made);
      if (d == null) {
        d = made;
      } else {
        made.close(); // another task opened one meanwhile
      }
    }
    return d;
  }

  /** Does one job and sends its result; the line to print. */
  private String doJob(DistributedQueue<Job> jobs, Delivery<Job> d, Map<Settings, Downloader> downloaders) {
    Job job = d.value();
    String tag = String.format(Locale.ROOT, "  [run %s%s]", job.run(),
        d.deliveries() > 1 ? ", delivery " + d.deliveries() : "");
    try (DistributedQueue<byte[]> results = queue.results(job.run()).consumer(jobs.consumer()).poolSize(2).build()) {
      if (results.isShutDown()) {
        return "skipped " + job.name() + ": its run is over" + tag;
      }
      Settings s = job.settings(out);
      Downloader downloader = downloader(downloaders, s);
      Item item = new Item(job.index(), job.url(), job.name());
      double startedAt = QueueRun.epochSeconds();
      new PipelineRun(Mode.PIPELINED, List.of(item), s, downloader, Progress.silent(), out).run();
      try {
        results.put(job.id(), JobResult.encode(job, item, jobs.consumer(), d.deliveries(), startedAt));
      } catch (QueueShutDownException e) {
        return "dropped " + job.name() + ": its run ended meanwhile" + tag;
      }
      return Progress.Lines.line(item) + tag;
    }
  }
}
