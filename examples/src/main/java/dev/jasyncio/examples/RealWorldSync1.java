package dev.jasyncio.examples;

import dev.jasyncio.http.HttpSession;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/** Seed 000's real_world_example_sync1: download every photo in turn, then filter each in turn. */
public final class RealWorldSync1 implements Example {
  @Override
  public String name() {
    return "real_world_sync1";
  }

  @Override
  public String title() {
    return "seed 000 real world: sync1, the synchronous baseline";
  }

  @Override
  public String lesson() {
    return "Eight photos from a loopback server with 100 ms latency are downloaded one after another, then"
        + " filtered one after another: the download phase is the sum of every wait and the processing"
        + " phase the sum of every computation. Time it, then see which part waits (I/O: use async) and"
        + " which computes (CPU: use the CPU pool). ./jasyncio pipeline --compare does this at full size.";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    try (RealWorld world = new RealWorld(); HttpSession http = HttpSession.create()) {
      world.downloads(http, () -> {
        for (URI url : world.urls()) {
          world.download(http, url);        // requests.get(url): one at a time
        }
      });
      world.processing(() -> {
        for (Path file : world.downloaded()) {
          world.processHere(file);          // process_single_image(path): one at a time
        }
      });
      world.report(out);
    }
  }
}
