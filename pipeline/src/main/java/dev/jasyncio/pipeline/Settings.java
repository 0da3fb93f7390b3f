package dev.jasyncio.pipeline;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a run needs to know besides its inputs.
 *
 * @param out the output directory
 * @param format the output format
 * @param maxPixels the decompression-bomb guard
 * @param limit concurrent downloads per host
 * @param connectTimeout connect timeout
 * @param readTimeout idle read timeout (between bytes)
 * @param totalTimeout the whole download's timeout
 * @param retries retries after the first attempt
 * @param resume whether to skip items already done
 */
record Settings(Path out, ImageProcessor.Format format, long maxPixels, int limit,
    Duration connectTimeout, Duration readTimeout, Duration totalTimeout, int retries, boolean resume) {

  /** The same settings for a {@code --compare} run of its own in {@code dir}: never resumed. */
  Settings forCompare(Path dir) {
    return new Settings(dir, format, maxPixels, limit, connectTimeout, readTimeout, totalTimeout, retries, false);
  }
}
