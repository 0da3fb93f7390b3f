package dev.jasyncio.testkit;

/**
 * Which tests share a loop: pytest-asyncio's {@code loop_scope}. Set with
 * {@link AsyncTest#loopScope()}.
 */
public enum LoopScope {
  /**
   * A fresh loop per test invocation (the default): its {@code @BeforeEach} methods, the test and
   * its {@code @AfterEach} methods run on it; it is leak-checked and closed after them.
   */
  TEST,

  /**
   * One loop for every {@code @AsyncTest(loopScope = CLASS)} of the test class (one per backend
   * and clock kind), closed after the class's last test: a task or server one test starts is still
   * there for the next, on the same virtual clock, whose time carries on. Tasks may outlive a test,
   * so only failures nobody retrieved fail it; the tasks left when the class ends are cancelled.
   * Schedule exploration needs a loop per run, so it is not offered here.
   */
  CLASS
}
