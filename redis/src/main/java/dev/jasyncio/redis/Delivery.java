package dev.jasyncio.redis;

/**
 * One item handed to a consumer by {@link DistributedQueue#get()}. Pass it back to
 * {@link DistributedQueue#taskDone(Delivery)} when the work is done: until then the item stays
 * pending in Redis, and if this consumer dies it is delivered again to another one.
 *
 * <p>Delivery is at-least-once, so a handler whose effect must happen once de-duplicates by
 * {@link #id()}: the id the item was put with, the same on every delivery.
 *
 * @param <T> the item type
 */
public final class Delivery<T> {
  private final String id;
  private final T value;
  private final long deliveries;
  private final String entryId;

  Delivery(String id, T value, long deliveries, String entryId) {
    this.id = id;
    this.value = value;
    this.deliveries = deliveries;
    this.entryId = entryId;
  }

  /**
   * The item's id, given by {@link DistributedQueue#put(String, Object)} or made by
   * {@link DistributedQueue#put(Object)}: the key for de-duplication.
   *
   * @return the item id
   */
  public String id() {
    return id;
  }

  /**
   * The item.
   *
   * @return the decoded item
   */
  public T value() {
    return value;
  }

  /**
   * How many times the item has been delivered, this time included: 1 the first time, more when it
   * was claimed back from a consumer that did not finish it in time.
   *
   * @return the delivery count, at least 1
   */
  public long deliveries() {
    return deliveries;
  }

  /**
   * The Redis stream entry that holds the item (changes if the same item is put twice).
   *
   * @return the stream entry id, such as {@code 1700000000000-0}
   */
  public String entryId() {
    return entryId;
  }

  @Override
  public String toString() {
    return "Delivery[id=" + id + ", entry=" + entryId + ", deliveries=" + deliveries + "]";
  }
}
