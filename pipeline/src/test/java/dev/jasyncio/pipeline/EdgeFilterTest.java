package dev.jasyncio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The seed's filter, exactly: thresholds, borders, and a literal port of the seed's loop. */
class EdgeFilterTest {

  /** The seed's Python loop, transcribed: per pixel, over (1,0) and (0,1), // count, > 30. */
  static byte[] seed(byte[] data, int width, int height) {
    byte[] out = new byte[data.length];
    for (int i = 0; i < width * height; i++) {
      int totalDiff = 0;
      int neighbourCount = 0;
      for (int[] d : new int[][] {{1, 0}, {0, 1}}) {
        int x = i % width + d[0];
        int y = i / width + d[1];
        if (x >= 0 && x < width && y >= 0 && y < height) {
          int j = y * width + x;
          for (int c = 0; c < 3; c++) {
            totalDiff += Math.abs((data[i * 3 + c] & 0xFF) - (data[j * 3 + c] & 0xFF));
          }
          neighbourCount++;
        }
      }
      boolean white = neighbourCount > 0 && totalDiff / neighbourCount > 30;
      for (int c = 0; c < 3; c++) {
        out[i * 3 + c] = white ? (byte) 255 : 0;
      }
    }
    return out;
  }

  private static byte[] grey(int width, int height, int... values) {
    byte[] b = new byte[width * height * 3];
    for (int i = 0; i < values.length; i++) {
      b[i * 3] = b[i * 3 + 1] = b[i * 3 + 2] = (byte) values[i];
    }
    return b;
  }

  private static int[] pixels(byte[] out) {
    int[] p = new int[out.length / 3];
    for (int i = 0; i < p.length; i++) {
      assertThat(out[i * 3]).isEqualTo(out[i * 3 + 1]).isEqualTo(out[i * 3 + 2]);
      p[i] = out[i * 3] & 0xFF;
    }
    return p;
  }

  @Test
  void aSinglePixelHasNoNeighbourAndIsBlack() {
    assertThat(pixels(EdgeFilter.apply(grey(1, 1, 200), 1, 1))).containsExactly(0);
  }

  @Test
  void oneNeighbourMustDifferByMoreThanThirty() {
    // 3 channels differ by 10 each: sum 30, not above 30 -> black; by 11 each: 33 -> white.
    assertThat(pixels(EdgeFilter.apply(grey(2, 1, 0, 10), 2, 1))).containsExactly(0, 0);
    assertThat(pixels(EdgeFilter.apply(grey(2, 1, 0, 11), 2, 1))).containsExactly(255, 0);
    assertThat(pixels(EdgeFilter.apply(grey(1, 2, 11, 0), 1, 2))).containsExactly(255, 0);
  }

  @Test
  void twoNeighboursAreAveragedWithIntegerDivision() {
    byte[] img = new byte[2 * 2 * 3];
    img[3] = 31;           // right neighbour: |0-31| = 31 on one channel
    img[6] = 30;           // lower neighbour: 30; (31 + 30) / 2 = 30 -> black
    assertThat(pixels(EdgeFilter.apply(img, 2, 2))[0]).isEqualTo(0);
    img[6] = 31;           // (31 + 31) / 2 = 31 -> white
    assertThat(pixels(EdgeFilter.apply(img, 2, 2))[0]).isEqualTo(255);
  }

  @Test
  void theBottomRightPixelIsAlwaysBlack() {
    int[] p = pixels(EdgeFilter.apply(grey(2, 2, 0, 255, 255, 0), 2, 2));
    assertThat(p).containsExactly(255, 255, 255, 0);
  }

  @Test
  void channelsAddUp() {
    byte[] img = new byte[2 * 3];
    img[3] = 12;
    img[4] = 12;
    img[5] = 7; // 12 + 12 + 7 = 31 > 30
    assertThat(pixels(EdgeFilter.apply(img, 2, 1))).containsExactly(255, 0);
  }

  @Test
  void matchesTheSeedsLoopOnRandomImagesOfOddSizes() {
    SplittableRandom rnd = new SplittableRandom(7);
    int[][] sizes = {{1, 7}, {7, 1}, {2, 3}, {13, 11}, {64, 1}, {31, 47}};
    for (int[] s : sizes) {
      byte[] img = new byte[s[0] * s[1] * 3];
      for (int i = 0; i < img.length; i++) {
        img[i] = (byte) (rnd.nextInt(60) + (rnd.nextInt(8) == 0 ? 150 : 0)); // mostly below, some above
      }
      assertThat(EdgeFilter.apply(img, s[0], s[1])).as("%dx%d", s[0], s[1]).isEqualTo(seed(img, s[0], s[1]));
    }
  }

  @Test
  void matchesTheSeedsLoopOnAGeneratedPhoto() {
    var img = PhotoGenerator.image(3, 160, 90);
    byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
    assertThat(EdgeFilter.apply(px, 160, 90)).isEqualTo(seed(px, 160, 90));
  }

  @Test
  void wrongSizesAreNamed() {
    assertThatThrownBy(() -> EdgeFilter.apply(new byte[5], 2, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x1");
  }
}
