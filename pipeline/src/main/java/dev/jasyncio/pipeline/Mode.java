package dev.jasyncio.pipeline;

import java.util.Locale;

/** How a run schedules its downloads and its processing: seed 000's scripts, and the limits. */
enum Mode {
  /** sync1: download every image in turn, then process each in turn. */
  SYNC("sync", "sync1: downloads in turn, then processing in turn"),
  /** async1: downloads in threads under a task group, then processing in turn (the GIL's lesson). */
  THREADS("threads", "async1: downloads as threads in a task group, processing in turn"),
  /** async2 without processes: concurrent downloads written off the loop, processing in turn. */
  ASYNC("async", "async2 without processes: concurrent downloads, processing in turn"),
  /** async2: concurrent downloads, then every image processed at once on the CPU pool. */
  ASYNC_CPU("async-cpu", "async2: concurrent downloads, then processing on the CPU pool"),
  /** async3: async2 with at most four downloads at a time. */
  BOUNDED("bounded", "async3: async2 with a semaphore of 4 on downloads"),
  /** Each image processed on the CPU pool as soon as it has arrived. */
  PIPELINED("pipelined", "each image processed on the CPU pool as soon as it arrives"),
  /** Only the downloads: the I/O limit. */
  DOWNLOAD_ONLY("download-only", "downloads only (the I/O limit)"),
  /** Only the processing, of images already downloaded: the CPU limit. */
  PROCESS_ONLY("process-only", "processing of already-downloaded images only (the CPU limit)");

  private final String label;
  private final String description;

  Mode(String label, String description) {
    this.label = label;
    this.description = description;
  }

  String label() {
    return label;
  }

  String description() {
    return description;
  }

  boolean downloads() {
    return this != PROCESS_ONLY;
  }

  boolean processes() {
    return this != DOWNLOAD_ONLY;
  }

  static Mode parse(String s) {
    for (Mode m : values()) {
      if (m.label.equals(s.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + s + "'; one of " + labels());
  }

  static String labels() {
    StringBuilder b = new StringBuilder();
    for (Mode m : values()) {
      b.append(b.isEmpty() ? "" : ", ").append(m.label);
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return label;
  }
}
