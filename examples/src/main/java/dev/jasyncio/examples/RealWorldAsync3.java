package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Semaphore;
import dev.jasyncio.Task;
import dev.jasyncio.http.HttpSession;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Seed 000's real_world_example_async3: async2 with a Semaphore of 4 on the downloads. */
public final class RealWorldAsync3 implements Example {
  /** The seed's limit. */
  static final int LIMIT = 4;

  @Override
  public String name() {
    return "real_world_async3";
  }

  @Override
  public String title() {
    return "seed 000 real world: async3, a semaphore of 4 on downloads";
  }

  @Override
  public String lesson() {
    return "The same as async2, but each download first takes a permit of a Semaphore(4), so the server"
        + " never has more than four requests from us at a time — the way not to overwhelm a server or"
        + " your own machine with thousands of requests at once. It takes a little longer than async2:"
        + " eight downloads now run in two rounds.";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Semaphore limit = new Semaphore(LIMIT);
    try (RealWorld world = new RealWorld(); HttpSession http = HttpSession.create()) {
      world.downloads(http, () -> {
        List<Task<Path>> downloads = new ArrayList<>();
        for (URI url : world.urls()) {
          downloads.add(Async.createTask(() -> limit.withPermit(() -> world.download(http, url))));
        }
        Async.gather(downloads);
      });
      world.processing(() -> {
        List<Task<Void>> work = new ArrayList<>();
        for (Path file : world.downloaded()) {
          work.add(Async.createTask(() -> world.processOnCpu(file)));
        }
        Async.gather(work);
      });
      world.report(out);
    }
  }
}
