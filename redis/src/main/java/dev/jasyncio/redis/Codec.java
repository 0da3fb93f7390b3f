package dev.jasyncio.redis;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a {@link DistributedQueue} turns items into the bytes a Redis stream entry holds, and back.
 * Strings (UTF-8) and raw bytes are built in; write your own for JSON, protobuf or anything else.
 *
 * <pre>{@code
 * Codec<Job> jobs = Codec.of(job -> job.toJson().getBytes(UTF_8),
 *     bytes -> Job.fromJson(new String(bytes, UTF_8)));
 * }</pre>
 *
 * <p>A {@link #decode} that throws marks the entry as poison: the queue moves it to the dead-letter
 * stream at once (decoding would fail on every delivery) and goes on with the next item.
 *
 * @param <T> the item type
 */
public interface Codec<T> {
  /**
   * The bytes for an item.
   *
   * @param item the item, not null
   * @return its encoding
   */
  byte[] encode(T item);

  /**
   * The item for some bytes that {@link #encode} made.
   *
   * @param bytes the encoding
   * @return the item
   */
  T decode(byte[] bytes);

  /**
   * Strings as UTF-8.
   *
   * @return the string codec
   */
  static Codec<String> strings() {
    return of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));
  }

  /**
   * Bytes as they are.
   *
   * @return the identity codec
   */
  static Codec<byte[]> bytes() {
    return of(b -> b, b -> b);
  }

  /**
   * A codec from two functions.
   *
   * @param encode item to bytes
   * @param decode bytes to item
   * @param <T> the item type
   * @return the codec
   */
  static <T> Codec<T> of(java.util.function.Function<? super T, byte[]> encode,
      java.util.function.Function<byte[], ? extends T> decode) {
    Objects.requireNonNull(encode, "encode");
    Objects.requireNonNull(decode, "decode");
    return new Codec<>() {
      @Override
      public byte[] encode(T item) {
        return encode.apply(item);
      }

      @Override
      public T decode(byte[] bytes) {
        return decode.apply(bytes);
      }
    };
  }
}
