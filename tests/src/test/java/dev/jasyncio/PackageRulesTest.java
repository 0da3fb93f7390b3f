package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the public surface that no compiler checks: package layering and names. */
class PackageRulesTest {

  @Test
  void theCorePackageDependsOnNothingInIo() throws IOException {
    List<String> offenders = new ArrayList<>();
    forEachClass("dev/jasyncio/", (name, bytes) -> {
      if (!name.substring("dev/jasyncio/".length()).contains("/")
          && new String(bytes, StandardCharsets.ISO_8859_1).contains("dev/jasyncio/io/")) {
        offenders.add(name);
      }
    });
    assertThat(offenders).as("classes of dev.jasyncio that refer to dev.jasyncio.io").isEmpty();
  }

  @Test
  void noPublicTypeOverloadsObjectsMonitorMethods() throws IOException {
    Set<String> monitor = Set.of("wait", "notify", "notifyAll");
    List<String> offenders = new ArrayList<>();
    for (Class<?> c : publicTypes()) {
      for (Method m : c.getDeclaredMethods()) {
        if (monitor.contains(m.getName()) && Modifier.isPublic(m.getModifiers())) {
          offenders.add(c.getName() + "." + m.getName());
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void everyPublicExceptionIsNamedAfterItsKind() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Class<?> c : publicTypes()) {
      if (Throwable.class.isAssignableFrom(c) && !c.getSimpleName().endsWith("Exception")
          && !c.getSimpleName().endsWith("Error") && c != ExceptionGroup.class) {
        offenders.add(c.getName());
      }
    }
    assertThat(offenders).as("exceptions not named *Exception").isEmpty();
  }

  /** The public top-level and member types of the core's exported packages. */
  static List<Class<?>> publicTypes() throws IOException {
    List<Class<?>> types = new ArrayList<>();
    forEachClass("dev/jasyncio/", (name, bytes) -> {
      String binary = name.substring(0, name.length() - ".class".length()).replace('/', '.');
      try {
        Class<?> c = Class.forName(binary, false, Async.class.getClassLoader());
        if (Modifier.isPublic(c.getModifiers()) && !c.isSynthetic()) {
          types.add(c);
        }
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
    });
    return types;
  }

  interface ClassVisitor {
    void visit(String name, byte[] bytes) throws IOException;
  }

  /** Visits every class file of the core artifact (a directory in the reactor, a jar otherwise). */
  static void forEachClass(String prefix, ClassVisitor visitor) throws IOException {
    Path root;
    try {
      root = Path.of(Async.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    FileSystem jar = Files.isDirectory(root) ? null
        : FileSystems.newFileSystem(URI.create("jar:" + root.toUri()), Map.of());
    try {
      Path base = jar == null ? root : jar.getPath("/");
      try (Stream<Path> files = Files.walk(base.resolve(prefix))) {
        for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
          String name = base.relativize(p).toString().replace('\\', '/');
          try (InputStream in = Files.newInputStream(p)) {
            visitor.visit(name, in.readAllBytes());
          }
        }
      }
    } finally {
      if (jar != null) {
        jar.close();
      }
    }
  }
}
