package dev.jasyncio.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where a task monitor keeps its token, and how it is made: a random token in a file only its
 * user may read ({@code 0600}, in a {@code 0700} directory), one file per monitor port. A client
 * of the same user finds it by the port. {@code -Djasyncio.monitor.dir} chooses the directory;
 * by default {@code jasyncio-USER} in the temporary directory.
 */
public final class TokenFile {
  private TokenFile() {}

  /**
   * The token file of the monitor on {@code port}.
   *
   * @param port the monitor's port
   * @return the file's path
   */
  public static Path forPort(int port) {
    String dir = System.getProperty("jasyncio.monitor.dir");
    Path d = dir != null ? Path.of(dir)
        : Path.of(System.getProperty("java.io.tmpdir"), "jasyncio-" + System.getProperty("user.name"));
    return d.resolve("monitor-" + port + ".token");
  }

  /**
   * Writes a new random token for the monitor on {@code port}, readable by this user only.
   *
   * @param port the monitor's port
   * @return the token
   * @throws IOException if the file cannot be written
   */
  public static String create(int port) throws IOException {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    String token = HexFormat.of().formatHex(b);
    Path file = forPort(port);
    Path dir = file.getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        try {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
          // made meanwhile by another monitor
        }
      } else {
        Files.createDirectories(dir);
      }
    }
    Files.deleteIfExists(file); // a stale file of a monitor that died; never reuse its mode
    if (posix) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    return token;
  }

  /**
   * Reads the token of the monitor on {@code port}.
   *
   * @param file the token file
   * @return the token
   * @throws IOException if the file cannot be read
   */
  public static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }
}
