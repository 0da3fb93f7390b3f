package dev.jasyncio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Decode, filter, encode, and every way an image can be bad. */
class ImageProcessorTest {
  private static final long MAX = 50_000_000;

  private static byte[] bytes(BufferedImage img) {
    return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
  }

  @Test
  void pngOutputIsExactlyTheFilterOfTheDecodedInput() {
    byte[] jpeg = PhotoGenerator.jpeg(1, 96, 64);
    ImageProcessor.Result r = new ImageProcessor(ImageProcessor.Format.PNG, MAX).process(jpeg);
    BufferedImage in = ImageProcessor.decode(jpeg, MAX);
    BufferedImage out = ImageProcessor.decode(r.output(), MAX);
    assertThat(r.width()).isEqualTo(96);
    assertThat(r.height()).isEqualTo(64);
    assertThat(bytes(out)).isEqualTo(EdgeFilterTest.seed(bytes(in), 96, 64));
    assertThat(r.decodeSeconds()).isPositive();
    assertThat(r.filterSeconds()).isPositive();
    assertThat(r.encodeSeconds()).isPositive();
  }

  @Test
  void jpegOutputIsAJpegOfTheSameSize() {
    ImageProcessor.Result r = new ImageProcessor(ImageProcessor.Format.JPEG, MAX).process(PhotoGenerator.jpeg(2, 80, 40));
    assertThat(r.output()[0] & 0xFF).isEqualTo(0xFF);
    assertThat(r.output()[1] & 0xFF).isEqualTo(0xD8);
    BufferedImage out = ImageProcessor.decode(r.output(), MAX);
    assertThat(out.getWidth()).isEqualTo(80);
    assertThat(out.getHeight()).isEqualTo(40);
  }

  @Test
  void photosAreTheSameForTheSameSeedAndDifferForAnother() {
    assertThat(PhotoGenerator.jpeg(5, 64, 32)).isEqualTo(PhotoGenerator.jpeg(5, 64, 32));
    assertThat(PhotoGenerator.jpeg(5, 64, 32)).isNotEqualTo(PhotoGenerator.jpeg(6, 64, 32));
  }

  @Test
  void notAnImageIsNamed() {
    assertThatThrownBy(() -> ImageProcessor.decode("<html>hello</html>".getBytes(StandardCharsets.UTF_8), MAX))
        .isInstanceOfSatisfying(ItemException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_AN_IMAGE))
        .hasMessageContaining("not an image");
    assertThatThrownBy(() -> ImageProcessor.decode(new byte[0], MAX))
        .isInstanceOfSatisfying(ItemException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_AN_IMAGE));
  }

  @Test
  void aTruncatedJpegIsRefusedNotFilledWithGrey() {
    byte[] jpeg = PhotoGenerator.jpeg(3, 200, 120);
    assertThatThrownBy(() -> ImageProcessor.decode(Arrays.copyOf(jpeg, jpeg.length / 2), MAX))
        .isInstanceOfSatisfying(ItemException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED_IMAGE))
        .hasMessageContaining("truncated");
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeader() {
    assertThatThrownBy(() -> ImageProcessor.decode(ImageServer.bomb(), MAX))
        .isInstanceOfSatisfying(ItemException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_PIXELS))
        .hasMessageContaining("10000x10000").hasMessageContaining("--max-pixels");
    byte[] small = PhotoGenerator.jpeg(4, 20, 10);
    assertThatThrownBy(() -> ImageProcessor.decode(small, 199))
        .isInstanceOfSatisfying(ItemException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_PIXELS));
    assertThat(ImageProcessor.decode(small, 200).getWidth()).isEqualTo(20);
  }

  @Test
  void otherImageTypesAreConvertedToThreeBytes() {
    BufferedImage grey = new BufferedImage(8, 4, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(1, 0, 0, 200);
    byte[] png = ImageProcessor.encode(grey, ImageProcessor.Format.PNG);
    BufferedImage back = ImageProcessor.decode(png, MAX);
    assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    assertThat(bytes(back)[3] & 0xFF).isGreaterThan(150);
  }

  @Test
  void aNonPositiveLimitIsNamed() {
    assertThatThrownBy(() -> new ImageProcessor(ImageProcessor.Format.JPEG, 0)).hasMessageContaining("maxPixels");
  }
}
