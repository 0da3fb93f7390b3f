package dev.jasyncio;

/**
 * Receives what a loop cannot throw to anyone: asyncio's {@code loop.set_exception_handler}.
 * Runs on the loop; must not suspend. The default logs through {@link System.Logger}.
 *
 * <pre>{@code
 * List<ExceptionContext> seen = new ArrayList<>();
 * Loop loop = Loop.builder().exceptionHandler((l, ctx) -> seen.add(ctx)).build();
 * }</pre>
 */
@FunctionalInterface
public interface ExceptionHandler {
  /**
   * Handles one report.
   *
   * @param loop the loop reporting
   * @param context what happened
   */
  void handle(Loop loop, ExceptionContext context);

  /**
   * The default handler: logs each report at {@code WARNING} to the {@code dev.jasyncio} logger.
   *
   * @return the logging handler
   */
  static ExceptionHandler logging() {
    return (loop, context) ->
        System.getLogger("dev.jasyncio").log(System.Logger.Level.WARNING, context.describe());
  }
}
