package dev.jasyncio;

import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A variable with one value per task: Python's {@code contextvars.ContextVar}. A task starts
 * with the values of the task that created it; what it sets afterwards is its own and never
 * leaks back to its creator or to its siblings.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id");
 *
 * REQUEST_ID.set("r-42");
 * Async.createTask(() -> log(REQUEST_ID.get())); // logs "r-42"
 * }</pre>
 *
 * <p>Outside a task (a loop callback, a plain thread) the values are the calling thread's own.
 * Work offloaded with {@link Async#toThread}, {@link Async#onCpu} or {@link Async#runInExecutor}
 * sees a copy of the calling task's values.
 * Values are kept in an immutable array per task, so starting a task copies nothing.
 *
 * @param <T> the value type
 */
public final class ContextVar<T> {
  private static final Object MISSING = new Object();
  private static final Object[] EMPTY = new Object[0];
  private static final ThreadLocal<Object[]> THREAD_VALUES = ThreadLocal.withInitial(() -> EMPTY);

  private final String name;
  private final Object defaultValue;

  /**
   * A variable without a default: {@link #get()} throws until it is set.
   *
   * @param name the name, for messages
   */
  public ContextVar(String name) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = MISSING;
  }

  /**
   * A variable with a default value.
   *
   * @param name the name, for messages
   * @param defaultValue what {@link #get()} returns while it is not set
   */
  public ContextVar(String name, T defaultValue) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = defaultValue;
  }

  /**
   * The variable's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The value in the current task.
   *
   * @return the value, or the default
   * @throws NoSuchElementException if it has neither (Python's {@code LookupError})
   */
  @SuppressWarnings("unchecked")
  public T get() {
    Object v = lookup();
    if (v == MISSING) {
      v = defaultValue;
    }
    if (v == MISSING) {
      throw new NoSuchElementException("ContextVar '" + name + "' has no value and no default");
    }
    return (T) v;
  }

  /**
   * The value in the current task, or {@code fallback} if it is not set (the variable's own
   * default is not used).
   *
   * @param fallback what to return if not set
   * @return the value or the fallback
   */
  @SuppressWarnings("unchecked")
  public T get(T fallback) {
    Object v = lookup();
    return v == MISSING ? fallback : (T) v;
  }

  /**
   * Sets the value in the current task (or thread).
   *
   * @param value the value, may be {@code null}
   * @return a token that {@link #reset(Token)} takes to restore the previous value
   */
  public Token<T> set(T value) {
    Object[] values = values();
    int i = indexOf(values);
    Object[] next;
    if (i >= 0) {
      next = values.clone();
      next[i + 1] = value;
    } else {
      next = Arrays.copyOf(values, values.length + 2);
      next[values.length] = this;
      next[values.length + 1] = value;
    }
    store(next);
    return new Token<>(this, i >= 0 ? values[i + 1] : MISSING, owner());
  }

  /**
   * Restores the value the variable had before the {@link #set} that returned {@code token}.
   *
   * @param token the token
   * @throws IllegalArgumentException if the token belongs to another variable, or was made in
   *     another task or thread
   * @throws IllegalStateException if the token was used already
   */
  public void reset(Token<T> token) {
    Objects.requireNonNull(token, "token");
    if (token.var != this) {
      throw new IllegalArgumentException("the token was made by ContextVar '" + token.var.name
          + "', not '" + name + "'");
    }
    if (token.owner != owner()) {
      throw new IllegalArgumentException("the token was made in another task or thread");
    }
    if (token.used) {
      throw new IllegalStateException("the token has been used already");
    }
    token.used = true;
    Object[] values = values();
    int i = indexOf(values);
    if (token.oldValue != MISSING) {
      Object[] next = i >= 0 ? values.clone() : Arrays.copyOf(values, values.length + 2);
      int at = i >= 0 ? i : values.length;
      next[at] = this;
      next[at + 1] = token.oldValue;
      store(next);
    } else if (i >= 0) {
      Object[] next = new Object[values.length - 2];
      System.arraycopy(values, 0, next, 0, i);
      System.arraycopy(values, i + 2, next, i, values.length - i - 2);
      store(next);
    }
  }

  /** The value task {@code t} sees, or null if it is not set there (the default is not used). */
  @SuppressWarnings("unchecked")
  T valueIn(Task<?> t) {
    Object[] values = t.contextValues == null ? EMPTY : (Object[]) t.contextValues;
    int i = indexOf(values);
    return i >= 0 ? (T) values[i + 1] : null;
  }

  private Object lookup() {
    Object[] values = values();
    int i = indexOf(values);
    return i >= 0 ? values[i + 1] : MISSING;
  }

  private int indexOf(Object[] values) {
    for (int i = 0; i < values.length; i += 2) {
      if (values[i] == this) {
        return i;
      }
    }
    return -1;
  }

  private static Object[] values() {
    if (Loop.context() instanceof Task<?> t) {
      return t.contextValues == null ? EMPTY : (Object[]) t.contextValues;
    }
    return THREAD_VALUES.get();
  }

  /**
   * {@code call} run in a copy of the calling task's values, on whatever thread runs it: what
   * {@link Async#toThread}, {@link Async#onCpu} and {@link Async#runInExecutor} hand off, as
   * asyncio's {@code to_thread} runs the function in a copy of the context. A {@code set} inside
   * stays inside the call.
   */
  static <T> java.util.concurrent.Callable<T> carrying(java.util.concurrent.Callable<T> call) {
    Object[] snapshot = values(); // immutable: the copy costs nothing
    return () -> {
      Object[] before = THREAD_VALUES.get();
      THREAD_VALUES.set(snapshot);
      try {
        return call.call();
      } finally {
        THREAD_VALUES.set(before);
      }
    };
  }

  private static void store(Object[] values) {
    if (Loop.context() instanceof Task<?> t) {
      t.contextValues = values;
    } else {
      THREAD_VALUES.set(values);
    }
  }

  private static Object owner() {
    return Loop.context() instanceof Task<?> t ? t : Thread.currentThread();
  }

  @Override
  public String toString() {
    return "ContextVar[" + name + "]";
  }

  /**
   * What {@link #set} returns, to undo it with {@link #reset}; usable once.
   *
   * @param <T> the value type
   */
  public static final class Token<T> {
    private final ContextVar<T> var;
    private final Object oldValue;
    private final Object owner;
    private boolean used;

    private Token(ContextVar<T> var, Object oldValue, Object owner) {
      this.var = var;
      this.oldValue = oldValue;
      this.owner = owner;
    }

    /**
     * The variable that made this token.
     *
     * @return the variable
     */
    public ContextVar<T> var() {
      return var;
    }

    /**
     * Whether the variable was set before the {@code set} that made this token.
     *
     * @return false if it had no value (Python's {@code Token.MISSING})
     */
    public boolean hadValue() {
      return oldValue != MISSING;
    }
  }
}
