package dev.jasyncio.pipeline;

import java.net.URI;
import java.util.function.LongConsumer;

/** The download stage: one URL's body, or an {@link ItemException} that says why not. */
interface Downloader extends AutoCloseable {
  /**
   * Downloads {@code url} from a task, suspending only that task.
   *
   * @param url the URL
   * @param onBytes told how many more bytes arrived, as they arrive
   * @return the body
   * @throws ItemException for a failure of this item (status, timeout, reset, truncation)
   */
  byte[] download(URI url, LongConsumer onBytes);

  @Override
  void close();

  /** The download stage for a run's settings. */
  static Downloader open(Settings settings) {
    return new HttpDownloader(settings);
  }
}
