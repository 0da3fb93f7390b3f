package dev.jasyncio.io;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link Subprocess} could not start a program because there is no such program: asyncio's
 * {@code FileNotFoundError} from {@code create_subprocess_exec}. The JDK's {@link IOException}
 * is the cause.
 *
 * <pre>{@code
 * try {
 *   Subprocess.exec("convert", in, out).waitFor();
 * } catch (ProgramNotFoundException e) {
 *   System.err.println("install ImageMagick: " + e.program() + " is not on the PATH");
 * }
 * }</pre>
 */
public class ProgramNotFoundException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  /** The program that was not found. */
  private final String program;

  /**
   * Creates the exception.
   *
   * @param program the program as given (a name looked up on the {@code PATH}, or a path)
   * @param cause the JDK's exception
   */
  public ProgramNotFoundException(String program, IOException cause) {
    super("no such program: " + program
        + (program.contains("/") ? "" : " (not found on the PATH)"), cause);
    this.program = program;
  }

  /**
   * The program that was not found.
   *
   * @return the program as given
   */
  public String program() {
    return program;
  }
}
