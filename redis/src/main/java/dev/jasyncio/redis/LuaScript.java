package dev.jasyncio.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A server-side script, sent once and then called by its SHA-1 (again after a Redis restart). */
final class LuaScript {
  private final byte[] source;
  private final byte[] sha;

  LuaScript(String source) {
    this.source = source.getBytes(StandardCharsets.UTF_8);
    try {
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(this.source));
      this.sha = hex.getBytes(StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  Object call(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
    try {
      return redis.evalsha(sha, keys, args);
    } catch (JedisNoScriptException e) {
      return redis.eval(source, keys, args); // loads it for the next evalsha
    }
  }
}
