package dev.jasyncio.pipeline;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Where a run reports its progress, from the loop: live bars on a terminal, one plain line per
 * item otherwise, or nothing.
 */
interface Progress extends AutoCloseable {
  /** An item's download started. */
  void started(Item item);

  /** More bytes arrived. */
  void bytes(long n);

  /** An item is done: ok or failed. */
  void finished(Item item);

  @Override
  void close();

  static Progress silent() {
    return new Progress() {
      @Override
      public void started(Item item) {}

      @Override
      public void bytes(long n) {}

      @Override
      public void finished(Item item) {}

      @Override
      public void close() {}
    };
  }

  /** Live bars when standard output is a terminal, else one line per item on {@code out}. */
  static Progress forConsole(PrintStream out, String title, int items) {
    java.io.Console console = System.console();
    if (console != null && console.isTerminal()) {
      return new Bars(title, items);
    }
    return new Lines(out);
  }

  /** One line per item, for logs and pipes. */
  final class Lines implements Progress {
    private final PrintStream out;

    Lines(PrintStream out) {
      this.out = out;
    }

    @Override
    public void started(Item item) {}

    @Override
    public void bytes(long n) {}

    @Override
    public void finished(Item item) {
      out.println(line(item));
    }

    static String line(Item item) {
      if (item.failed()) {
        return String.format(Locale.ROOT, "failed  %-24s %s: %s", item.name, item.errorKind.label(), item.error);
      }
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "ok      %-24s %8.1f KB  download %.2f s",
          item.name, item.bytes / 1024.0, item.downloadSeconds()));
      if (item.output != null) {
        b.append(String.format(Locale.ROOT, "  process %.2f s  -> %s", item.processSeconds(), item.output));
      }
      return b.toString();
    }

    @Override
    public void close() {
      out.flush();
    }
  }

  /** Two live bars, bytes downloaded and images done, drawn by the progressbar library. */
  final class Bars implements Progress {
    private final ProgressBar bytes;
    private final ProgressBar images;

    Bars(String title, int items) {
      bytes = new ProgressBarBuilder().setTaskName(title + " download").setUnit(" KB", 1000)
          .setInitialMax(-1).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).showSpeed()
          .setUpdateIntervalMillis(100).build();
      images = new ProgressBarBuilder().setTaskName(title + " images  ").setInitialMax(items)
          .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(100).build();
    }

    @Override
    public void started(Item item) {}

    @Override
    public void bytes(long n) {
      bytes.stepBy(n);
    }

    @Override
    public void finished(Item item) {
      images.step();
      if (item.failed()) {
        images.setExtraMessage("last failure: " + item.name + " " + item.errorKind.label());
      }
    }

    @Override
    public void close() {
      bytes.close();
      images.close();
    }
  }
}
