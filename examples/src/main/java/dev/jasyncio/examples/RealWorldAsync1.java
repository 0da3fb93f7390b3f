package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.http.HttpSession;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/** Seed 000's real_world_example_async1: downloads as tasks in a TaskGroup, processing in turn. */
public final class RealWorldAsync1 implements Example {
  @Override
  public String name() {
    return "real_world_async1";
  }

  @Override
  public String title() {
    return "seed 000 real world: async1, concurrent downloads in a task group";
  }

  @Override
  public String lesson() {
    return "Each download becomes a task in a TaskGroup (the seed starts requests in threads with"
        + " asyncio.to_thread; here a task is already a virtual thread), so the server sees them all at"
        + " once and the download phase shrinks to about the slowest one. Processing still runs one"
        + " image after another (in the seed, threads under the GIL), so it takes as long as before.";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    try (RealWorld world = new RealWorld(); HttpSession http = HttpSession.create()) {
      world.downloads(http, () -> Async.taskGroup(tg -> {
        for (URI url : world.urls()) {
          tg.createTask(() -> world.download(http, url));   // all in flight at once
        }
      }));
      world.processing(() -> {
        for (Path file : world.downloaded()) {
          Async.toThread(() -> world.processHere(file));    // off the loop, but one at a time
        }
      });
      world.report(out);
    }
  }
}
