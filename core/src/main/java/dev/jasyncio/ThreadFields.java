package dev.jasyncio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Private fields of {@link Thread} the loop reads directly where java.base opens java.lang to it
 * (the carrier backend needs that anyway); elsewhere there are none, and each caller falls back
 * to what the public API offers.
 */
final class ThreadFields {
  private ThreadFields() {}

  /** The field {@code name} of type {@code typeName}, or null where it is hidden or missing. */
  static VarHandle find(String name, String typeName) {
    try {
      return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
          .findVarHandle(Thread.class, name, Class.forName(typeName));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
