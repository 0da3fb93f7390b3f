package dev.jasyncio.pipeline;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Decode, filter, encode: the CPU-bound stage of the pipeline, one image at a time, safe to run
 * on many threads at once. Each step is timed separately, and the CPU time of the whole is
 * measured on the running thread, so a report can tell computing from waiting.
 *
 * <pre>{@code
 * ImageProcessor p = new ImageProcessor(ImageProcessor.Format.JPEG, 50_000_000);
 * ImageProcessor.Result r = Async.onCpu(() -> p.process(jpegBytes));
 * }</pre>
 *
 * <p>Decoding goes through ImageIO (the JDK's native JPEG decoder) straight into a
 * {@code TYPE_3BYTE_BGR} raster whose byte array the filter reads in place; the size is read
 * from the header first, so an image over the pixel limit is refused before it is decoded.
 */
public final class ImageProcessor {
  static {
    ImageIO.setUseCache(false); // streams in memory, no temporary files
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The output format. */
  public enum Format {
    /** JPEG at quality 75 with 4:2:0 chroma, as Pillow saves the seed's output. */
    JPEG("jpg", "jpeg"),
    /** PNG, lossless. */
    PNG("png", "png");

    private final String extension;
    private final String writerName;

    Format(String extension, String writerName) {
      this.extension = extension;
      this.writerName = writerName;
    }

    /**
     * The file name extension, without the dot.
     *
     * @return {@code jpg} or {@code png}
     */
    public String extension() {
      return extension;
    }
  }

  /**
   * One processed image.
   *
   * @param output the encoded result
   * @param width its width
   * @param height its height
   * @param decodeSeconds time spent decoding
   * @param filterSeconds time spent in the filter
   * @param encodeSeconds time spent encoding
   * @param cpuSeconds CPU time the thread used for all three, or -1 if the JVM cannot tell
   */
  public record Result(byte[] output, int width, int height, double decodeSeconds,
      double filterSeconds, double encodeSeconds, double cpuSeconds) {
    /**
     * Decode, filter and encode together.
     *
     * @return the seconds
     */
    public double seconds() {
      return decodeSeconds + filterSeconds + encodeSeconds;
    }
  }

  /** Pillow's default JPEG quality. */
  static final float JPEG_QUALITY = 0.75f;

  private final Format format;
  private final long maxPixels;

  /**
   * A processor.
   *
   * @param format the output format
   * @param maxPixels the largest width × height it decodes
   * @throws IllegalArgumentException if {@code maxPixels} is not positive
   */
  public ImageProcessor(Format format, long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, not " + maxPixels);
    }
    this.format = java.util.Objects.requireNonNull(format, "format");
    this.maxPixels = maxPixels;
  }

  /**
   * The output format.
   *
   * @return the format
   */
  public Format format() {
    return format;
  }

  /**
   * Decodes {@code image}, applies the {@link EdgeFilter} and encodes the result.
   *
   * @param image the encoded input (JPEG, PNG, or anything ImageIO reads)
   * @return the encoded output and the timings
   * @throws ItemException of kind {@code NOT_AN_IMAGE}, {@code TRUNCATED_IMAGE},
   *     {@code CORRUPT_IMAGE} or {@code TOO_MANY_PIXELS}
   */
  public Result process(byte[] image) {
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    BufferedImage decoded = decode(image, maxPixels);
    long t1 = System.nanoTime();
    int w = decoded.getWidth();
    int h = decoded.getHeight();
    byte[] pixels = ((DataBufferByte) decoded.getRaster().getDataBuffer()).getData();
    BufferedImage filtered = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    EdgeFilter.apply(pixels, w, h, ((DataBufferByte) filtered.getRaster().getDataBuffer()).getData());
    long t2 = System.nanoTime();
    byte[] out = encode(filtered, format);
    long t3 = System.nanoTime();
    long cpu1 = cpuNanos();
    return new Result(out, w, h, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
        cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 1e9);
  }

  private static long cpuNanos() {
    try {
      return Thread.currentThread().isVirtual() ? -1 : THREADS.getCurrentThreadCpuTime();
    } catch (UnsupportedOperationException e) {
      return -1;
    }
  }

  /**
   * Decodes an image into a {@code TYPE_3BYTE_BGR} image, refusing one larger than
   * {@code maxPixels} before decoding it.
   *
   * @param image the encoded bytes
   * @param maxPixels the largest width × height accepted
   * @return the decoded image, always {@code TYPE_3BYTE_BGR}
   * @throws ItemException of kind {@code NOT_AN_IMAGE}, {@code TRUNCATED_IMAGE},
   *     {@code CORRUPT_IMAGE} or {@code TOO_MANY_PIXELS}
   */
  public static BufferedImage decode(byte[] image, long maxPixels) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ItemException(ErrorKind.NOT_AN_IMAGE,
            "not an image (" + image.length + " bytes starting " + preview(image) + ")", null);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        String[] truncated = new String[1];
        reader.addIIOReadWarningListener((source, warning) -> {
          if (truncated[0] == null) {
            truncated[0] = warning;
          }
        });
        int w;
        int h;
        try {
          w = reader.getWidth(0);
          h = reader.getHeight(0);
        } catch (IIOException | IndexOutOfBoundsException e) {
          throw new ItemException(ErrorKind.CORRUPT_IMAGE, "unreadable image header: " + e.getMessage(), e);
        }
        if ((long) w * h > maxPixels) {
          throw new ItemException(ErrorKind.TOO_MANY_PIXELS, String.format(Locale.ROOT,
              "%dx%d is %d pixels, over the limit of %d (--max-pixels)", w, h, (long) w * h, maxPixels), null);
        }
        ImageReadParam param = reader.getDefaultReadParam();
        BufferedImage img;
        try {
          img = reader.read(0, param);
        } catch (IIOException e) {
          String m = String.valueOf(e.getMessage());
          boolean early = m.contains("Premature") || m.contains("EOF") || m.contains("end of")
              || e.getCause() instanceof java.io.EOFException;
          throw new ItemException(early ? ErrorKind.TRUNCATED_IMAGE : ErrorKind.CORRUPT_IMAGE,
              reader.getFormatName() + " image: " + m, e);
        }
        if (truncated[0] != null) {
          // The JPEG decoder fills a cut-short image with grey and only warns: refuse it.
          throw new ItemException(ErrorKind.TRUNCATED_IMAGE, reader.getFormatName()
              + " image is truncated (" + truncated[0] + ")", null);
        }
        return img.getType() == BufferedImage.TYPE_3BYTE_BGR ? img : toBgr(img);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new ItemException(ErrorKind.CORRUPT_IMAGE, "unreadable image: " + e.getMessage(), e);
    }
  }

  private static String preview(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      s.append(String.format(Locale.ROOT, "%02x", b[i] & 0xFF));
    }
    return s.isEmpty() ? "(empty)" : s.toString();
  }

  /** The slow path, for images that do not decode to 3-byte BGR (grey, indexed, alpha). */
  private static BufferedImage toBgr(BufferedImage img) {
    BufferedImage bgr = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = bgr.createGraphics();
    try {
      g.drawImage(img, 0, 0, null);
    } finally {
      g.dispose();
    }
    return bgr;
  }

  /**
   * Encodes an image.
   *
   * @param image the image
   * @param format the format
   * @return the encoded bytes
   */
  public static byte[] encode(BufferedImage image, Format format) {
    return encode(image, format, JPEG_QUALITY);
  }

  /** Encodes at a JPEG quality of its own (the generator's photos are a camera's, not the filter's). */
  static byte[] encode(BufferedImage image, Format format, float jpegQuality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format.writerName).next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format == Format.JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(jpegQuality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding " + format, e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
