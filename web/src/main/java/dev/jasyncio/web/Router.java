package dev.jasyncio.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The route table: method + path pattern to a handler. Patterns are {@code /literal},
 * {@code /{name}} (one segment) and a last {@code /{name...}} (the rest of the path). Routes are
 * tried in the order added; the table is frozen before the server starts, so Jetty's threads
 * read it without locks.
 */
final class Router {
  /** One route; {@code handler} or {@code webSocket} is set. */
  record Route(String method, String pattern, String[] segments, Handler handler, WebSocketHandler webSocket) {}

  /** A lookup's outcome: the route and its parameters, or the methods the path allows. */
  record Match(Route route, Map<String, String> params, Set<String> allowed) {}

  private final List<Route> routes = new ArrayList<>();

  void add(String method, String pattern, Handler handler, WebSocketHandler webSocket) {
    routes.add(new Route(method, pattern, parse(pattern), handler, webSocket));
  }

  static String[] parse(String pattern) {
    if (pattern == null || !pattern.startsWith("/")) {
      throw new IllegalArgumentException("a route pattern starts with '/': " + pattern);
    }
    String[] segs = pattern.equals("/") ? new String[0] : pattern.substring(1).split("/", -1);
    for (int i = 0; i < segs.length; i++) {
      String s = segs[i];
      if (s.startsWith("{") != s.endsWith("}")) {
        throw new IllegalArgumentException("unbalanced braces in route segment '" + s + "' of " + pattern);
      }
      if (s.endsWith("...}") && i != segs.length - 1) {
        throw new IllegalArgumentException("a {name...} segment must come last: " + pattern);
      }
      if (s.equals("{}") || s.equals("{...}")) {
        throw new IllegalArgumentException("a path parameter needs a name: " + pattern);
      }
    }
    return segs;
  }

  Match find(String method, String path) {
    String[] parts = path.equals("/") || path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
    Set<String> allowed = null;
    for (Route r : routes) {
      Map<String, String> params = match(r.segments, parts);
      if (params == null) {
        continue;
      }
      if (r.method.equals(method) || (method.equals("HEAD") && r.method.equals("GET"))) {
        return new Match(r, params, null);
      }
      if (allowed == null) {
        allowed = new LinkedHashSet<>();
      }
      allowed.add(r.method);
    }
    return new Match(null, Map.of(), allowed == null ? Set.of() : allowed);
  }

  private static Map<String, String> match(String[] segs, String[] parts) {
    Map<String, String> params = null;
    for (int i = 0; i < segs.length; i++) {
      String s = segs[i];
      if (s.endsWith("...}")) {
        if (i >= parts.length) {
          return null;
        }
        params = put(params, s.substring(1, s.length() - 4), String.join("/", List.of(parts).subList(i, parts.length)));
        return params;
      }
      if (i >= parts.length) {
        return null;
      }
      if (s.startsWith("{")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params = put(params, s.substring(1, s.length() - 1), parts[i]);
      } else if (!s.equals(parts[i])) {
        return null;
      }
    }
    if (segs.length != parts.length) {
      return null;
    }
    return params == null ? Map.of() : Collections.unmodifiableMap(params);
  }

  private static Map<String, String> put(Map<String, String> m, String k, String v) {
    if (m == null) {
      m = new LinkedHashMap<>();
    }
    m.put(k, v);
    return m;
  }
}
