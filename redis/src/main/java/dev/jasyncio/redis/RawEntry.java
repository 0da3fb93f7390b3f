package dev.jasyncio.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A queue entry as Redis returned it, before the codec: item id and payload may be missing. */
record RawEntry(String entryId, String id, byte[] payload, long deliveries) {
  private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VALUE = "v".getBytes(StandardCharsets.US_ASCII);

  /** From a reply's field map (keys are byte arrays, so looked up by content). */
  static RawEntry of(String entryId, Map<byte[], byte[]> fields, long deliveries) {
    byte[] id = null;
    byte[] payload = null;
    for (Map.Entry<byte[], byte[]> f : fields.entrySet()) {
      if (Arrays.equals(f.getKey(), ID)) {
        id = f.getValue();
      } else if (Arrays.equals(f.getKey(), VALUE)) {
        payload = f.getValue();
      }
    }
    return new RawEntry(entryId, id == null ? null : new String(id, StandardCharsets.UTF_8), payload, deliveries);
  }

  /** A reply's flat field list {name, value, ...} as a map by name. */
  static Map<String, byte[]> fields(List<?> flat) {
    Map<String, byte[]> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.put(new String((byte[]) flat.get(i), StandardCharsets.UTF_8), (byte[]) flat.get(i + 1));
    }
    return out;
  }

  /** From the claim scripts' reply: {entry id, {field, value, ...}, deliveries} each. */
  static List<RawEntry> fromScript(List<?> entries) {
    List<RawEntry> out = new ArrayList<>(entries.size());
    for (Object o : entries) {
      List<?> e = (List<?>) o;
      Map<String, byte[]> f = fields((List<?>) e.get(1));
      byte[] id = f.get("id");
      byte[] payload = f.get("v");
      out.add(new RawEntry(new String((byte[]) e.get(0), StandardCharsets.UTF_8),
          id == null ? null : new String(id, StandardCharsets.UTF_8), payload, (Long) e.get(2)));
    }
    return out;
  }
}
