/**
 * jasyncio's HTTP client: {@link dev.jasyncio.http.HttpSession} (aiohttp's {@code ClientSession},
 * httpx's {@code AsyncClient}) on OkHttp. Everything but the exported package is internal.
 */
module dev.jasyncio.http {
  requires transitive dev.jasyncio;
  requires okhttp3;
  requires okio;

  exports dev.jasyncio.http;
}
