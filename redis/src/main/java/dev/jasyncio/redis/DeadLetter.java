package dev.jasyncio.redis;

/**
 * An item the queue gave up on, as kept in its dead-letter stream: delivered more than
 * {@link DistributedQueue.Builder#maxDeliveries(int)} times without {@code taskDone}, or
 * undecodable.
 *
 * @param id the item's id
 * @param payload the item's bytes, as the codec encoded them
 * @param deliveries how many times it had been delivered
 * @param reason why it was dead-lettered
 * @param entryId its entry in the dead-letter stream: where
 *     {@link DistributedQueue#deadLetters(String, int)} goes on from
 */
public record DeadLetter(String id, byte[] payload, long deliveries, String reason, String entryId) {}
