package dev.jasyncio.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A request is about to be retried ({@link HttpSession.Builder#onRetry}): which, after which
 * attempt, why, and how long the task waits first.
 *
 * @param request the request
 * @param attempt the attempt that failed (1 for the first)
 * @param delay the wait before the next attempt
 * @param status the status that is retried, or 0 if the attempt failed without a response
 * @param failure the failure that is retried, if it failed
 */
public record RetryEvent(HttpRequest request, int attempt, Duration delay, int status, Optional<HttpException> failure) {}
