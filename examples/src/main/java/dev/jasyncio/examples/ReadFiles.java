package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import dev.jasyncio.io.AsyncFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Seed 001: reading files concurrently (aiofiles). */
public final class ReadFiles implements Example {
  @Override
  public String name() {
    return "read-files";
  }

  @Override
  public String title() {
    return "seed 001: reading files concurrently";
  }

  @Override
  public String lesson() {
    return "File reads block the thread that makes them (and would pin the carrier backend's"
        + " loop), so AsyncFiles runs each read off the loop, as aiofiles does; the tasks read at"
        + " the same time and gather returns the contents in the order asked.";
  }

  static String readFileAsync(Path path) throws IOException {
    return AsyncFiles.readString(path); // aiofiles.open(path).read()
  }

  static List<String> readAllAsync(List<Path> paths) {
    List<Task<String>> tasks = new ArrayList<>();
    for (Path p : paths) {
      tasks.add(Async.createTask(() -> readFileAsync(p)));
    }
    return Async.gather(tasks);
  }

  @Override
  public void run(PrintStream out) throws IOException {
    Path dir = Files.createTempDirectory("jasyncio-tour");
    try {
      Path file1 = dir.resolve("file1.txt");
      Path file2 = dir.resolve("file2.txt");
      AsyncFiles.writeString(file1, "contents of file 1");
      AsyncFiles.writeString(file2, "contents of file 2");
      out.println(readAllAsync(List.of(file1, file2)));
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }
}
