package dev.jasyncio.web;

import dev.jasyncio.Async;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.MimeTypes;

/** The handler behind {@link WebApp#staticFiles}: files under one directory, read off the loop. */
final class StaticFiles implements Handler {
  private final Path root;

  StaticFiles(Path directory) {
    this.root = directory.toAbsolutePath().normalize();
  }

  @Override
  public WebResponse handle(WebRequest request) {
    String rel = request.pathParam("path");
    Path file = root.resolve(rel).normalize();
    if (!file.startsWith(root) || rel.contains("\0")) {
      throw new HttpException(404, "not found: " + request.path());
    }
    byte[] data = Async.toThread(() -> Files.isRegularFile(file) ? Files.readAllBytes(file) : null);
    if (data == null) {
      throw new HttpException(404, "not found: " + request.path());
    }
    String type = MimeTypes.DEFAULTS.getMimeByExtension(file.getFileName().toString());
    return WebResponse.bytes(data, type == null ? "application/octet-stream" : type);
  }
}
