package dev.jasyncio;

/**
 * What the loop runs when it reaches it in the ready queue: a callback ({@link Handle}), a sleep
 * whose time has come ({@link SleepWaiter}, a callback that wakes its task) or the next step of a
 * task ({@link TaskStep}). Sealed, so the scheduler's dispatch is a switch the compiler checks.
 */
sealed interface ReadyItem permits Handle, SleepWaiter, TaskStep {}
