package dev.jasyncio;

/**
 * What the loop runs when it reaches it in the ready queue: a callback ({@link Handle}) or the
 * next step of a task ({@link TaskStep}). Sealed, so the scheduler's dispatch is a switch the
 * compiler checks.
 */
sealed interface ReadyItem permits Handle, TaskStep {}
