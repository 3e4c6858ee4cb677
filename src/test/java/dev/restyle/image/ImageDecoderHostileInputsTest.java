package dev.restyle.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each case of the "Hostile inputs" issue against {@link ImageDecoder}: a correct image or a clear refusal. */
class ImageDecoderHostileInputsTest {

  private static final ImageLimits LIMITS = ImageLimits.DEFAULT;

  @TempDir
  Path dir;

  // ---- refused: UNDECODABLE ----

  @Test
  void truncatedJpegIsRefusedForItsMissingEndOfImageMarker() {
    assertRefused(HostileImages.truncatedJpeg(), "cut.jpg", ImageException.Reason.UNDECODABLE,
        "cut.jpg is truncated: its JPEG data ends without an end-of-image marker (FF D9)");
  }

  @Test
  void truncatedJpegWithAnEndMarkerAppendedIsRefusedOnTheDecodersWarning() {
    byte[] cut = HostileImages.truncatedJpeg();
    byte[] patched = Arrays.copyOf(cut, cut.length + 2);
    patched[cut.length] = (byte) 0xFF;
    patched[cut.length + 1] = (byte) 0xD9;
    // The structure is whole now; libjpeg still finds its data short, and only warns.
    assertRefused(patched, "cut.jpg", ImageException.Reason.UNDECODABLE,
        "cut.jpg is truncated or corrupt; the decoder reported: Corrupt JPEG data: premature end of data segment");
  }

  @Test
  void jpegCutInsideAHeaderSegmentNamesTheSegment() {
    byte[] jpeg = HostileImages.jpeg();
    int sof = HostileImages.sofOffset(jpeg);
    assertRefused(Arrays.copyOf(jpeg, sof + 6), "cut.jpg", ImageException.Reason.UNDECODABLE,
        "cut.jpg is truncated: JPEG segment 0xC0 at byte " + sof + " declares 17 bytes, but the file ends 4 bytes later");
  }

  @Test
  void theJdkPngReaderIgnoresAWrongCrcSoTheDecoderChecksEveryChunk() throws IOException {
    byte[] bad = HostileImages.pngWithWrongCrc();
    assertThat(ImageIO.read(new ByteArrayInputStream(bad))).as("the JDK decodes it without a word").isNotNull();

    int idat = 8 + 25; // signature, IHDR (4 + 4 + 13 + 4)
    int length = ByteBuffer.wrap(bad, idat, 4).getInt();
    CRC32 crc = new CRC32();
    crc.update(bad, idat + 4, 4 + length);
    long stored = ByteBuffer.wrap(bad, idat + 8 + length, 4).getInt() & 0xFFFFFFFFL;
    assertRefused(bad, "bad.png", ImageException.Reason.UNDECODABLE, String.format(
        "bad.png is corrupt: PNG chunk IDAT at byte 33 has CRC %08x, but its contents give %08x",
        stored, crc.getValue()));
  }

  @Test
  void aWrongIhdrCrcIsRefusedBeforeItsSizeIsTrusted() {
    byte[] png = HostileImages.pngDeclaring(100_000, 100_000);
    png[29] ^= 0x10; // IHDR's CRC
    ImageException e = refusal(png, "bad.png");
    assertThat(e.reason()).isEqualTo(ImageException.Reason.UNDECODABLE);
    assertThat(e).hasMessageStartingWith("bad.png is corrupt: PNG chunk IHDR at byte 8 has CRC");
  }

  @Test
  void truncatedPngIsRefused() {
    byte[] png = HostileImages.png(HostileImages.noise(32, 32));
    assertRefused(Arrays.copyOf(png, 100), "cut.png", ImageException.Reason.UNDECODABLE,
        "cut.png is truncated: PNG chunk IDAT at byte 33 declares");
    assertRefused(Arrays.copyOf(png, png.length - 12), "cut.png", ImageException.Reason.UNDECODABLE,
        "cut.png is truncated: the PNG ends after " + (png.length - 12) + " bytes without an IEND chunk");
  }

  @Test
  void emptyFileIsRefused() {
    assertRefused(new byte[0], "empty.jpg", ImageException.Reason.UNDECODABLE, "empty.jpg is empty (0 bytes)");
  }

  /**
   * A file that is not an image is described, never quoted: the manifest may point at a credentials file,
   * and the message goes to the metrics. The control: each kind is named, so the message still helps.
   */
  @Test
  void aFileThatIsNotAnImageIsDescribedWithoutQuotingItsBytes() {
    String known = " is not an image in a known format (PNG, JPEG, WebP, GIF, BMP, TIFF); it looks like ";
    assertExactRefusal(HostileImages.text(), "notes.jpg", "notes.jpg" + known + "text");
    assertExactRefusal(ascii("root:x:0:0:root:/root:/bin/bash\n"), "passwd", "passwd" + known + "text");
    assertExactRefusal(ascii("{\"AccessKeyId\": \"ASIAEXAMPLE\", \"SecretAccessKey\": \"s3cr3t\"}"), "creds.png",
        "creds.png" + known + "JSON");
    assertExactRefusal(ascii("<!DOCTYPE html><html><body>403 Forbidden</body></html>"), "page.jpg",
        "page.jpg" + known + "HTML");
    assertExactRefusal(ascii("<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>"), "error.png",
        "error.png" + known + "XML");
    assertExactRefusal(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}, "archive.png", "archive.png" + known + "a ZIP archive");
    assertExactRefusal(new byte[] {0x00, 0x01, (byte) 0xFE}, "blob.jpg", "blob.jpg" + known + "binary data");
  }

  private static void assertExactRefusal(byte[] bytes, String name, String message) {
    ImageException e = refusal(bytes, name);
    assertThat(e.reason()).isEqualTo(ImageException.Reason.UNDECODABLE);
    assertThat(e).hasMessage(message);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  // ---- decoded correctly ----

  /**
   * Photoshop-style Adobe CMYK and YCCK JPEGs decode to the right sRGB colours. Without an embedded ICC
   * profile (and none is found on Linux) TwelveMonkeys uses the plain formula R = 255 (1 - C)(1 - K), so
   * pure cyan is exactly (0, 255, 255). Tolerance ±3: quality-1.0 JPEG quantises flat 16 × 64 patches to
   * within 1 level, and YCCK adds the rounding of its YCbCr round trip (1 or 2 levels).
   */
  @Test
  void cmykAndYcckJpegsConvertToSrgb() {
    for (byte[] jpeg : new byte[][] {HostileImages.cmykJpeg(), HostileImages.ycckJpeg()}) {
      BufferedImage image = ImageDecoder.decode(jpeg, "cmyk.jpg", LIMITS);
      assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
      assertThat(image.getWidth()).isEqualTo(HostileImages.PATCH * HostileImages.CMYK_PATCHES.length);
      for (int p = 0; p < HostileImages.CMYK_AS_RGB.length; p++) {
        int centre = p * HostileImages.PATCH + HostileImages.PATCH / 2;
        assertRgb(image.getRGB(centre, HostileImages.PATCH_HEIGHT / 2), HostileImages.CMYK_AS_RGB[p], 3,
            "patch " + p + " " + Arrays.toString(HostileImages.CMYK_PATCHES[p]));
      }
    }
  }

  @Test
  void sixteenBitGrayKeepsTheHighByte() {
    byte[] png = HostileImages.gray16Png(4, 4, 0x8000);
    assertThat(HostileImages.pngDepthAndColourType(png)).containsExactly(16, 0);
    assertThat(pixel(png)).isEqualTo(0x808080); // 0x8000 → 128
    assertThat(pixel(HostileImages.gray16Png(4, 4, 0xFFFF))).isEqualTo(0xFFFFFF);
    assertThat(pixel(HostileImages.gray16Png(4, 4, 0x4000))).isEqualTo(0x404040);
    assertThat(pixel(HostileImages.gray16Png(4, 4, 0))).isEqualTo(0x000000);
  }

  @Test
  void sixteenBitRgb() {
    byte[] png = HostileImages.rgb16Png(4, 4, new int[] {0xFFFF, 0x8000, 0x0000});
    assertThat(HostileImages.pngDepthAndColourType(png)).containsExactly(16, 2);
    assertThat(pixel(png)).isEqualTo(0xFF8000);
  }

  @Test
  void grayKeepsItsValuesAndIsNotGammaBrightened() throws IOException {
    byte[] png = HostileImages.grayPng(4, 4, 100);
    assertThat(HostileImages.pngDepthAndColourType(png)).containsExactly(8, 0);
    // getRGB on the JDK's grey image would say 168: it treats grey as linear light. Viewers show 100.
    assertThat(ImageIO.read(new ByteArrayInputStream(png)).getRGB(0, 0) & 0xFF).isNotEqualTo(100);
    assertThat(pixel(png)).isEqualTo(0x646464);
    assertRgb(pixel(HostileImages.grayJpeg(16, 16, 100)), 0x646464, 1, "grey JPEG");
  }

  @Test
  void paletteWithATransparentEntry() {
    byte[] png = HostileImages.palettePng(8, 4);
    assertThat(HostileImages.pngDepthAndColourType(png)[1]).isEqualTo(3);
    BufferedImage image = ImageDecoder.decode(png, "palette.png", LIMITS);
    assertThat(image.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFF0000);
    assertRgb(image.getRGB(6, 1), 0x7F7FFF, 1, "half-transparent blue over white");
  }

  @Test
  void alphaIsCompositedOverWhite() {
    byte[] png = HostileImages.alphaPng(9, 3);
    assertThat(HostileImages.pngDepthAndColourType(png)).containsExactly(8, 6);
    BufferedImage image = ImageDecoder.decode(png, "alpha.png", LIMITS);
    assertThat(image.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x0000FF);
    assertThat(image.getRGB(4, 1) & 0xFFFFFF).as("fully transparent → white").isEqualTo(0xFFFFFF);
    assertRgb(image.getRGB(7, 1), 0xFF7F7F, 1, "half-transparent red over white");
  }

  @Test
  void oneByOneImageDecodesAndUpscalesToASquare() {
    BufferedImage image = ImageDecoder.decode(HostileImages.rgbPng(1, 1, 0x336699), "dot.png", LIMITS);
    assertThat(image.getWidth()).isEqualTo(1);
    assertThat(image.getHeight()).isEqualTo(1);
    BufferedImage resized = ImageResizer.forNetwork(image, 32, "dot.png");
    assertThat(resized.getWidth()).isEqualTo(32);
    assertThat(resized.getHeight()).isEqualTo(32);
    assertThat(resized.getRGB(16, 16) & 0xFFFFFF).isEqualTo(0x336699);
  }

  @Test
  void progressiveJpegAndBytesAfterTheEndStillDecode() throws IOException {
    byte[] progressive = progressiveJpeg(HostileImages.noise(40, 24));
    assertThat(ImageDecoder.decode(progressive, "p.jpg", LIMITS).getWidth()).isEqualTo(40);

    byte[] jpeg = HostileImages.jpeg();
    byte[] trailing = Arrays.copyOf(jpeg, jpeg.length + 5); // some cameras and editors append data
    assertThat(ImageDecoder.decode(trailing, "t.jpg", LIMITS).getWidth()).isEqualTo(64);
    byte[] png = HostileImages.rgbPng(3, 2, 0x123456);
    assertThat(ImageDecoder.decode(Arrays.copyOf(png, png.length + 7), "t.png", LIMITS).getWidth()).isEqualTo(3);
  }

  @Test
  void anEndMarkerInsideAnAppSegmentIsNotTheEnd() {
    // An APP1 segment (where EXIF thumbnails live) holding FF D9 and an FF D8: skipped by its length.
    byte[] jpeg = HostileImages.jpeg();
    byte[] app1 = {(byte) 0xFF, (byte) 0xE1, 0, 8, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9, 0, 0};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(app1);
    out.write(jpeg, 2, jpeg.length - 2);
    assertThat(ImageDecoder.decode(out.toByteArray(), "exif.jpg", LIMITS).getWidth()).isEqualTo(64);
    assertRefused(Arrays.copyOf(out.toByteArray(), out.size() - 300), "exif.jpg",
        ImageException.Reason.UNDECODABLE, "exif.jpg is truncated");
  }

  // ---- too large: from the header alone ----

  @Test
  void pngDeclaring100000By100000IsRefusedFromItsHeaderAlone() {
    byte[] png = HostileImages.pngDeclaring(100_000, 100_000);
    String expected = "huge.png declares 100000 × 100000 = 10000000000 pixels, over the limit of 100000000 "
        + "(raise it with --max-input-pixels)";
    assertRefusedCheaply(png, "huge.png", expected);
    // Only the signature and IHDR are read: with nothing after them the answer is the same.
    assertRefusedCheaply(Arrays.copyOf(png, 8 + 25), "huge.png", expected);
  }

  @Test
  void jpegDeclaringTheLargestSizeItCanIsRefusedFromItsHeaderAlone() {
    // A JPEG frame header holds 16-bit sizes: 65535 × 65535 is the most a JPEG can declare.
    byte[] jpeg = HostileImages.jpegDeclaring(65_535, 65_535);
    String expected = "huge.jpg declares 65535 × 65535 = 4294836225 pixels, over the limit of 100000000";
    assertRefusedCheaply(jpeg, "huge.jpg", expected);
    int sof = HostileImages.sofOffset(jpeg);
    assertRefusedCheaply(Arrays.copyOf(jpeg, sof + 2 + 17), "huge.jpg", expected); // ends after SOF
  }

  @Test
  void thePixelCapIsConfigurable() {
    ImageLimits small = new ImageLimits(100, 1);
    assertThat(ImageDecoder.decode(HostileImages.rgbPng(10, 10, 0), "ok.png", small).getWidth()).isEqualTo(10);
    assertRefused(HostileImages.rgbPng(11, 10, 0), "big.png", small, ImageException.Reason.TOO_LARGE,
        "big.png declares 11 × 10 = 110 pixels, over the limit of 100 (raise it with --max-input-pixels)");
    assertRefused(HostileImages.jpeg(HostileImages.noise(11, 10)), "big.jpg", small, ImageException.Reason.TOO_LARGE,
        "big.jpg declares 11 × 10 = 110 pixels, over the limit of 100");
    // BMP and GIF go through the reader's own header.
    assertRefused(written(HostileImages.noise(11, 10), "bmp"), "big.bmp", small, ImageException.Reason.TOO_LARGE,
        "big.bmp declares 11 × 10 = 110 pixels");
  }

  @Test
  void bmpAndGifStillDecode() {
    assertThat(pixel(written(solid(5, 4, 0x102030), "bmp"))).isEqualTo(0x102030);
    assertThat(ImageDecoder.decode(written(solid(5, 4, 0xFF0000), "gif"), "x.gif", LIMITS).getWidth())
        .isEqualTo(5);
  }

  @Test
  void filesOnDiskWithSpacesAndNonAsciiNamesReadLikeAnyOther() throws IOException {
    Path file = dir.resolve("été photo 1.png");
    Files.write(file, HostileImages.rgbPng(3, 3, 0xABCDEF));
    BufferedImage image = ImageDecoder.decode(Files.readAllBytes(file), file.toString(), LIMITS);
    assertThat(image.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xABCDEF);
  }

  // ---- helpers ----

  private static void assertRefusedCheaply(byte[] bytes, String name, String message) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ImageDecoder.decode(HostileImages.rgbPng(2, 2, 0), "warm-up", LIMITS); // class loading and static set-up
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    ImageException e = refusal(bytes, name);
    long millis = (System.nanoTime() - start) / 1_000_000;
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertThat(e.reason()).isEqualTo(ImageException.Reason.TOO_LARGE);
    assertThat(e).hasMessageStartingWith(message);
    assertThat(millis).as("refused from the header, in ms").isLessThan(500);
    assertThat(allocated).as("bytes allocated: no pixel buffer").isLessThan(1 << 20);
  }

  private static void assertRefused(byte[] bytes, String name, ImageException.Reason reason, String message) {
    assertRefused(bytes, name, LIMITS, reason, message);
  }

  private static void assertRefused(
      byte[] bytes, String name, ImageLimits limits, ImageException.Reason reason, String message) {
    ImageException e = refusal(bytes, name, limits);
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    assertThat(e).hasMessageStartingWith(message);
  }

  private static ImageException refusal(byte[] bytes, String name) {
    return refusal(bytes, name, LIMITS);
  }

  private static ImageException refusal(byte[] bytes, String name, ImageLimits limits) {
    ImageException e = catchThrowableOfType(ImageException.class, () -> ImageDecoder.decode(bytes, name, limits));
    assertThat(e).as("refused").isNotNull();
    return e;
  }

  private static int pixel(byte[] bytes) {
    BufferedImage image = ImageDecoder.decode(bytes, "image", LIMITS);
    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    return image.getRGB(image.getWidth() / 2, image.getHeight() / 2) & 0xFFFFFF;
  }

  private static void assertRgb(int actual, int expected, int tolerance, String what) {
    int[] a = {(actual >> 16) & 0xFF, (actual >> 8) & 0xFF, actual & 0xFF};
    int[] e = {(expected >> 16) & 0xFF, (expected >> 8) & 0xFF, expected & 0xFF};
    for (int i = 0; i < 3; i++) {
      assertThat(Math.abs(a[i] - e[i])).as("%s: got %s, want %s ±%d", what, Arrays.toString(a), Arrays.toString(e),
          tolerance).isLessThanOrEqualTo(tolerance);
    }
  }

  private static BufferedImage solid(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  private static byte[] written(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertThat(ImageIO.write(image, format, out)).as(format + " writer").isTrue();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] progressiveJpeg(BufferedImage image) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    byte[] jpeg = bytes.toByteArray();
    int scans = 0;
    for (int i = 0; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) {
        scans++;
      }
    }
    assertThat(scans).as("a progressive JPEG has several scans").isGreaterThan(1);
    return jpeg;
  }
}
