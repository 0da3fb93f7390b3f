package dev.jasyncio.pipeline;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * Photo-like JPEGs, the same bytes for the same seed and size: a sky-to-ground gradient, a few
 * shaded shapes with hard edges, texture at three scales and sensor noise. They compress like
 * photographs (a 1920×1080 one is a few hundred kilobytes at quality 90) and give the edge
 * filter edges to find, so downloads and processing cost what they would on real photos.
 *
 * <pre>{@code
 * byte[] jpeg = PhotoGenerator.jpeg(42, 1920, 1080);
 * }</pre>
 */
public final class PhotoGenerator {
  private PhotoGenerator() {}

  /** Quality of the generated JPEGs: a camera's, higher than the filter's output. */
  static final float QUALITY = 0.9f;

  /**
   * A photo-like JPEG.
   *
   * @param seed picks the picture
   * @param width its width, at least 1
   * @param height its height, at least 1
   * @return the JPEG bytes
   * @throws IllegalArgumentException if a side is not positive
   */
  public static byte[] jpeg(long seed, int width, int height) {
    return ImageProcessor.encode(image(seed, width, height), ImageProcessor.Format.JPEG, QUALITY);
  }

  /**
   * The picture before encoding, as a {@code TYPE_3BYTE_BGR} image.
   *
   * @param seed picks the picture
   * @param width its width, at least 1
   * @param height its height, at least 1
   * @return the image
   * @throws IllegalArgumentException if a side is not positive
   */
  public static BufferedImage image(long seed, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, not " + width + "x" + height);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();

    int[] top = color(rnd);
    int[] bottom = color(rnd);
    float[] coarse = noise(rnd, width, height, Math.max(width, height) / 6 + 1);
    float[] medium = noise(rnd, width, height, Math.max(width, height) / 40 + 1);
    float[] fine = noise(rnd, width, height, 4);

    int shapes = 5 + rnd.nextInt(6);
    double[][] shape = new double[shapes][];
    int[][] shapeColor = new int[shapes][];
    for (int s = 0; s < shapes; s++) {
      double rx = width * (0.05 + rnd.nextDouble() * 0.2);
      double ry = height * (0.05 + rnd.nextDouble() * 0.25);
      shape[s] = new double[] {rnd.nextDouble() * width, rnd.nextDouble() * height, rx, ry};
      shapeColor[s] = color(rnd);
    }
    long state = rnd.nextLong() | 1;
    for (int y = 0; y < height; y++) {
      double t = height == 1 ? 0 : (double) y / (height - 1);
      for (int x = 0; x < width; x++) {
        int k = y * width + x;
        double r = top[0] + (bottom[0] - top[0]) * t;
        double g = top[1] + (bottom[1] - top[1]) * t;
        double b = top[2] + (bottom[2] - top[2]) * t;
        for (int s = shapes - 1; s >= 0; s--) {
          double dx = (x - shape[s][0]) / shape[s][2];
          double dy = (y - shape[s][1]) / shape[s][3];
          double d = dx * dx + dy * dy;
          if (d < 1) {
            double shade = 1.15 - 0.45 * d - 0.2 * dy; // lit from above
            r = shapeColor[s][0] * shade;
            g = shapeColor[s][1] * shade;
            b = shapeColor[s][2] * shade;
            break;
          }
        }
        double tex = coarse[k] * 40 + medium[k] * 18 + fine[k] * 10;
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        double grain = ((state >>> 40) & 0xFF) / 255.0 * 8 - 4;
        int i = k * 3;
        px[i] = clamp(b + tex + grain);
        px[i + 1] = clamp(g + tex + grain);
        px[i + 2] = clamp(r + tex + grain);
      }
    }
    return img;
  }

  private static int[] color(SplittableRandom rnd) {
    return new int[] {20 + rnd.nextInt(216), 20 + rnd.nextInt(216), 20 + rnd.nextInt(216)};
  }

  private static byte clamp(double v) {
    return (byte) (v < 0 ? 0 : v > 255 ? 255 : (int) v);
  }

  /** Value noise in [-1, 1] on a grid of {@code cell} pixels, bilinearly interpolated. */
  private static float[] noise(SplittableRandom rnd, int width, int height, int cell) {
    int gw = width / cell + 2;
    int gh = height / cell + 2;
    float[] grid = new float[gw * gh];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    float[] out = new float[width * height];
    for (int y = 0; y < height; y++) {
      int gy = y / cell;
      float fy = (float) (y % cell) / cell;
      for (int x = 0; x < width; x++) {
        int gx = x / cell;
        float fx = (float) (x % cell) / cell;
        int g = gy * gw + gx;
        float a = grid[g] + (grid[g + 1] - grid[g]) * fx;
        float c = grid[g + gw] + (grid[g + gw + 1] - grid[g + gw]) * fx;
        out[y * width + x] = a + (c - a) * fy;
      }
    }
    return out;
  }
}
