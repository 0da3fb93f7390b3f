package dev.jasyncio.pipeline;

/**
 * Seed 000's edge filter, exactly: for each pixel, over its right and lower neighbours that
 * exist, sum |ΔR|+|ΔG|+|ΔB| per neighbour and integer-divide by the number of neighbours; above
 * 30 the pixel turns white, else black; the one pixel with no neighbour (bottom right) is black.
 *
 * <p>Pixels are interleaved three bytes each, in any channel order (the sum does not care), as
 * a decoded {@code TYPE_3BYTE_BGR} image holds them; the result has the same layout.
 *
 * <pre>{@code
 * byte[] edges = EdgeFilter.apply(pixels, width, height);   // every byte 0 or 255
 * }</pre>
 */
public final class EdgeFilter {
  private EdgeFilter() {}

  /** The seed's threshold on the mean neighbour difference. */
  public static final int THRESHOLD = 30;

  /**
   * Filters {@code pixels} into a new array.
   *
   * @param pixels interleaved 3-byte pixels, row after row, {@code width * height * 3} bytes
   * @param width the width in pixels
   * @param height the height in pixels
   * @return the filtered pixels, same layout, each byte 0 or 255
   * @throws IllegalArgumentException if the sizes do not match the array
   */
  public static byte[] apply(byte[] pixels, int width, int height) {
    byte[] out = new byte[pixels.length];
    apply(pixels, width, height, out);
    return out;
  }

  /**
   * Filters {@code pixels} into {@code out}.
   *
   * @param pixels interleaved 3-byte pixels, row after row
   * @param width the width in pixels
   * @param height the height in pixels
   * @param out where the result goes, same length as {@code pixels}
   * @throws IllegalArgumentException if the sizes do not match the arrays
   */
  public static void apply(byte[] pixels, int width, int height, byte[] out) {
    if (width <= 0 || height <= 0 || (long) width * height * 3 != pixels.length
        || out.length != pixels.length) {
      throw new IllegalArgumentException("EdgeFilter needs width*height*3 bytes in and out: "
          + width + "x" + height + ", in " + pixels.length + ", out " + out.length);
    }
    int stride = width * 3;
    for (int y = 0; y < height - 1; y++) {
      int row = y * stride;
      int end = row + stride - 3;
      int i = row;
      // Both neighbours exist: (right + down) / 2 > 30, i.e. right + down >= 62.
      for (; i < end; i += 3) {
        int r = pixels[i] & 0xFF;
        int g = pixels[i + 1] & 0xFF;
        int b = pixels[i + 2] & 0xFF;
        int right = Math.abs(r - (pixels[i + 3] & 0xFF)) + Math.abs(g - (pixels[i + 4] & 0xFF))
            + Math.abs(b - (pixels[i + 5] & 0xFF));
        int j = i + stride;
        int down = Math.abs(r - (pixels[j] & 0xFF)) + Math.abs(g - (pixels[j + 1] & 0xFF))
            + Math.abs(b - (pixels[j + 2] & 0xFF));
        byte v = (right + down) / 2 > THRESHOLD ? (byte) 255 : 0;
        out[i] = v;
        out[i + 1] = v;
        out[i + 2] = v;
      }
      // Last column: only the lower neighbour.
      set(out, i, diff(pixels, i, i + stride) > THRESHOLD);
    }
    // Last row: only the right neighbour; its last pixel has none and stays black.
    int row = (height - 1) * stride;
    int end = row + stride - 3;
    for (int i = row; i < end; i += 3) {
      set(out, i, diff(pixels, i, i + 3) > THRESHOLD);
    }
    set(out, end, false);
  }

  private static int diff(byte[] p, int a, int b) {
    return Math.abs((p[a] & 0xFF) - (p[b] & 0xFF)) + Math.abs((p[a + 1] & 0xFF) - (p[b + 1] & 0xFF))
        + Math.abs((p[a + 2] & 0xFF) - (p[b + 2] & 0xFF));
  }

  private static void set(byte[] out, int i, boolean white) {
    byte v = white ? (byte) 255 : 0;
    out[i] = v;
    out[i + 1] = v;
    out[i + 2] = v;
  }
}
