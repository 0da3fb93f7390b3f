package dev.jasyncio.pipeline;

import dev.jasyncio.redis.Codec;
import dev.jasyncio.redis.DistributedQueue;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options both ends of a distributed run share ({@code pipeline --queue} and
 * {@code pipeline worker}): where Redis is, the queues' names, how long Redis may be gone.
 * The jobs queue is {@code NAME:jobs}, shared by every run; each run's results come back on
 * {@code NAME:results:RUN}.
 */
final class QueueOptions {
  @Option(names = "--queue", paramLabel = "URL", description = "Redis for a distributed run: redis://[user:password@]HOST:PORT[/DB].")
  String url;

  @Option(names = "--queue-name", paramLabel = "NAME", description = "Prefix of the queues' keys in Redis (default: ${DEFAULT-VALUE}).")
  String name = "jasyncio-pipeline";

  @Option(names = "--redis-timeout", paramLabel = "TIME", description = "How long Redis may be unreachable before the run fails with a named error (default: ${DEFAULT-VALUE}).")
  String redisTimeout = "30s";

  /** Checks the values before anything runs: a bad one is a usage error, named. */
  void check() {
    if (url == null) {
      return;
    }
    builder(name + ":jobs", Codec.strings()); // the URL's checks
    if (name.isBlank()) {
      throw new PipelineCommand.UsageError("invalid value for --queue-name: must not be blank");
    }
    retryTimeout();
  }

  /** The jobs queue, with the run-time settings given. */
  DistributedQueue.Builder<Job> jobs() {
    return builder(name + ":jobs", Job.CODEC);
  }

  /** One run's results queue. */
  DistributedQueue.Builder<byte[]> results(String run) {
    return builder(name + ":results:" + run, Codec.bytes());
  }

  private <T> DistributedQueue.Builder<T> builder(String key, Codec<T> codec) {
    try {
      return DistributedQueue.builder(url, key, codec).retryTimeout(retryTimeout());
    } catch (IllegalArgumentException e) {
      throw new PipelineCommand.UsageError("invalid value for --queue: " + e.getMessage());
    }
  }

  private Duration retryTimeout() {
    try {
      return Units.duration(redisTimeout);
    } catch (IllegalArgumentException e) {
      throw new PipelineCommand.UsageError("invalid value for --redis-timeout: " + e.getMessage());
    }
  }

  /** The URL without its password, for messages and the manifest. */
  String where() {
    URI u = URI.create(url);
    return "redis://" + u.getHost() + ":" + u.getPort() + (u.getPath() == null ? "" : u.getPath());
  }
}
