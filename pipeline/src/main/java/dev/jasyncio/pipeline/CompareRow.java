package dev.jasyncio.pipeline;

/**
 * One row of the {@code --compare} table: a mode's run, or the Python peer's.
 *
 * @param label the mode's name, or the peer's
 * @param downloadSeconds span of the download stage
 * @param processSeconds span of the processing stage
 * @param totalSeconds wall time
 * @param ok items done
 * @param failed items failed
 */
record CompareRow(String label, double downloadSeconds, double processSeconds, double totalSeconds, long ok, long failed) {
  static CompareRow of(PipelineRun.Result r) {
    return new CompareRow(r.mode().label(), r.downloadSeconds(), r.processSeconds(), r.totalSeconds(), r.ok(), r.failed());
  }
}
