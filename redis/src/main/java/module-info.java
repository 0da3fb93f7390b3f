/**
 * jasyncio-redis: {@link dev.jasyncio.redis.DistributedQueue}, asyncio's {@code Queue} across
 * processes and machines, on Redis Streams consumer groups. Jedis does the talking; its socket
 * calls block only the calling task.
 */
module dev.jasyncio.redis {
  requires transitive dev.jasyncio;
  requires redis.clients.jedis;
  requires org.apache.commons.pool2;

  exports dev.jasyncio.redis;
}
