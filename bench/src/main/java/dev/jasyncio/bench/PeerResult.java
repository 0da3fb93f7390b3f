package dev.jasyncio.bench;

import java.util.Arrays;

/**
 * What one peer process reported for one workload.
 *
 * @param runs seconds of each measured run
 * @param rssKb peak resident set size of the process, or -1
 * @param baseKb resident set size before the first run, or -1
 * @param na why the peer did not run the workload, or null if it did
 * @param n the workload size it ran
 */
record PeerResult(double[] runs, long rssKb, long baseKb, String na, int n) {
  double median() {
    return median(runs);
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
}
