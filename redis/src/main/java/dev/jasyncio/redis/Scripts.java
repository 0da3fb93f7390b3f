package dev.jasyncio.redis;

/**
 * The queue's multi-step operations, each atomic on the server: a full-queue check and its XADD
 * cannot be split by another producer, and an XACK never happens without its XDEL (which would
 * leave an entry that {@code join} waits for forever).
 *
 * <p>Keys: 1 the stream, 2 the shutdown flag, 3 the dead-letter stream. An entry's fields are
 * {@code id} (the item id) and {@code v} (the payload).
 */
final class Scripts {
  private Scripts() {}

  /** ARGV group, maxsize, item id, payload. The new entry id; nil when full; error when shut. */
  static final LuaScript PUT = new LuaScript("""
      if redis.call('EXISTS', KEYS[2]) == 1 then
        return redis.error_reply('SHUTDOWN the queue is shut down')
      end
      local maxsize = tonumber(ARGV[2])
      if maxsize > 0 then
        local waiting = redis.call('XLEN', KEYS[1]) - redis.call('XPENDING', KEYS[1], ARGV[1])[1]
        if waiting >= maxsize then return false end
      end
      return redis.call('XADD', KEYS[1], '*', 'id', ARGV[3], 'v', ARGV[4])
      """);

  /** ARGV group, entry id. 1 if this call finished the item, 0 if it was already done. */
  static final LuaScript ACK = new LuaScript("""
      local n = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
      redis.call('XDEL', KEYS[1], ARGV[2])
      return n
      """);

  /** ARGV group. {unfinished (XLEN), waiting (not delivered), shutdown flag or false}. */
  static final LuaScript SIZES = new LuaScript("""
      local len = redis.call('XLEN', KEYS[1])
      local pending = redis.call('XPENDING', KEYS[1], ARGV[1])[1]
      return {len, math.max(0, len - pending), redis.call('GET', KEYS[2])}
      """);

  /** Shared by the claims: entries over the delivery limit go to the dead-letter stream. */
  private static final String SORT = """
      local function sort(entries, group, limit, out)
        for _, e in ipairs(entries) do
          local id = e[1]
          local p = redis.call('XPENDING', KEYS[1], group, id, id, 1)[1]
          local n = p and p[4] or 1
          if n > limit then
            redis.call('XADD', KEYS[3], '*', 'deliveries', n,
              'reason', 'delivered ' .. n .. ' times without taskDone', unpack(e[2]))
            redis.call('XACK', KEYS[1], group, id)
            redis.call('XDEL', KEYS[1], id)
          else
            table.insert(out, {id, e[2], n})
          end
        end
      end
      """;

  /**
   * ARGV group, consumer, min idle ms, cursor, count, max deliveries. {next cursor, {id, fields,
   * deliveries}...}: entries idle longer than the visibility timeout, now this consumer's.
   */
  static final LuaScript AUTOCLAIM = new LuaScript(SORT + """
      local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
      local out = {}
      sort(r[2], ARGV[1], tonumber(ARGV[6]), out)
      return {r[1], out}
      """);

  /**
   * ARGV group, consumer, entry ids... Takes back this consumer's own entries that a cancelled
   * read left pending, without counting a delivery (none reached a caller): {id, fields,
   * deliveries}... as {@link #AUTOCLAIM}'s second element.
   */
  static final LuaScript RECLAIM = new LuaScript("""
      local out = {}
      for i = 3, #ARGV do
        local id = ARGV[i]
        if #redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'JUSTID') == 1 then
          local e = redis.call('XRANGE', KEYS[1], id, id)[1]
          local p = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)[1]
          if e then table.insert(out, {id, e[2], p and p[4] or 1}) end
        end
      end
      return out
      """);

  /** ARGV group, consumer, idle ms, entry ids...: lets other consumers claim these at once. */
  static final LuaScript RELEASE = new LuaScript("""
      local args = {KEYS[1], ARGV[1], ARGV[2], 0}
      for i = 4, #ARGV do args[#args + 1] = ARGV[i] end
      args[#args + 1] = 'IDLE'
      args[#args + 1] = ARGV[3]
      args[#args + 1] = 'JUSTID'
      return #redis.call('XCLAIM', unpack(args))
      """);

  /** ARGV group, entry id, deliveries, reason, item id, payload: an undecodable entry. */
  static final LuaScript DEAD_LETTER = new LuaScript("""
      redis.call('XADD', KEYS[3], '*', 'deliveries', ARGV[3], 'reason', ARGV[4], 'id', ARGV[5], 'v', ARGV[6])
      redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
      redis.call('XDEL', KEYS[1], ARGV[2])
      return 1
      """);

  /** ARGV mode ('graceful' or 'immediate'). An immediate shutdown drops the waiting items. */
  static final LuaScript SHUTDOWN = new LuaScript("""
      redis.call('SET', KEYS[2], ARGV[1])
      if ARGV[1] == 'immediate' then redis.call('XTRIM', KEYS[1], 'MAXLEN', 0) end
      return 1
      """);
}
