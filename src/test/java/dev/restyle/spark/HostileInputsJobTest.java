package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.HostileImages;
import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Hostile inputs" issue end to end: one real run on local[2] over every case. Each pair gets exactly
 * one metrics row: a correct image for valid but unusual inputs, else FAILED with a clear class and
 * message; the job exits 0 (--max-failed-fraction 1) and the good pairs are unaffected.
 */
class HostileInputsJobTest {

  /** A pair: its files (written unless null), the per-pair style_scale (blank: the job's) and what to expect. */
  private record Case(String id, String content, byte[] contentBytes, String style, byte[] styleBytes,
      String styleScale, String status, String errorClass, String message, int width, int height) {}

  @Test
  void everyHostileInputBecomesACorrectImageOrOneClearFailedRow(@TempDir Path dir) throws IOException {
    byte[] normalContent = HostileImages.png(HostileImages.noise(40, 30));
    byte[] normalStyle = HostileImages.png(HostileImages.noise(32, 32));
    String style = "style.png";
    List<Case> cases = List.of(
        failed("truncated_jpeg", "truncated.jpg", HostileImages.truncatedJpeg(), "INPUT_UNDECODABLE",
            "truncated.jpg is truncated: its JPEG data ends without an end-of-image marker (FF D9)"),
        failed("png_bad_crc", "bad-crc.png", HostileImages.pngWithWrongCrc(), "INPUT_UNDECODABLE",
            "bad-crc.png is corrupt: PNG chunk IDAT at byte 33 has CRC"),
        failed("empty", "empty.jpg", new byte[0], "INPUT_UNDECODABLE", "empty.jpg is empty (0 bytes)"),
        failed("text_named_jpg", "notes.jpg", HostileImages.text(), "INPUT_UNDECODABLE",
            "notes.jpg is not an image in a known format (PNG, JPEG, WebP, GIF, BMP, TIFF); it looks like text"),
        ok("cmyk_jpeg", "cmyk.jpg", HostileImages.cmykJpeg(), 32, 18),
        ok("ycck_jpeg", "ycck.jpg", HostileImages.ycckJpeg(), 32, 18),
        ok("png_16bit", "gray16.png", HostileImages.gray16Png(40, 30, 0x8000), 32, 24),
        ok("png_16bit_rgb", "rgb16.png", HostileImages.rgb16Png(30, 40, new int[] {0xFFFF, 0x8000, 0}), 24, 32),
        ok("gray_png", "gray.png", HostileImages.grayPng(40, 30, 100), 32, 24),
        ok("gray_jpeg", "gray.jpg", HostileImages.grayJpeg(40, 30, 100), 32, 24),
        ok("palette_png", "palette.png", HostileImages.palettePng(40, 30), 32, 24),
        ok("alpha_png", "alpha.png", HostileImages.alphaPng(40, 30), 32, 24),
        ok("one_pixel", "dot.png", HostileImages.rgbPng(1, 1, 0x336699), 32, 32),
        failed("thin_strip", "strip.png", HostileImages.rgbPng(2000, 1, 0x808080), "INPUT_TOO_SMALL",
            "strip.png is 2000 × 1; after resizing to 32 px the image is 32 × 1; the shorter side must be at "
                + "least 16 px"),
        failed("huge_png_header", "huge.png", HostileImages.pngDeclaring(100_000, 100_000), "INPUT_TOO_LARGE",
            "huge.png declares 100000 × 100000 = 10000000000 pixels, over the limit of 1000000 "
                + "(raise it with --max-input-pixels)"),
        failed("huge_jpeg_header", "huge.jpg", HostileImages.jpegDeclaring(65_535, 65_535), "INPUT_TOO_LARGE",
            "huge.jpg declares 65535 × 65535 = 4294836225 pixels, over the limit of 1000000"),
        failed("missing", "missing.png", null, "INPUT_NOT_FOUND", "missing.png does not exist"),
        ok("spaces_non_ascii", "sub dir é/cöntent with spaces ü 名前.png", normalContent, 32, 24),
        ok("file_uri_spaces_non_ascii", "file:sub dir é/ôther cöntent.png", normalContent, 32, 24),
        ok("shorter_side_16px", "narrow.png", HostileImages.png(HostileImages.noise(20, 40)), 16, 32),
        new Case("big_style", "content.png", normalContent, "big style 1024x768.png",
            HostileImages.png(HostileImages.noise(1024, 768)), "", "SUCCEEDED", null, null, 32, 24),
        new Case("bad_style", "content.png", normalContent, "style-bad-crc.png", HostileImages.pngWithWrongCrc(),
            "", "FAILED", "INPUT_UNDECODABLE", "style-bad-crc.png is corrupt: PNG chunk IDAT", 0, 0),
        new Case("style_too_small", "content.png", normalContent, style, normalStyle, "0.1", "FAILED",
            "INPUT_TOO_SMALL", "style.png is 32 × 32; after resizing to 3 px the image is 3 × 3", 0, 0));

    Files.write(dir.resolve(style), normalStyle);
    List<String> rows = new ArrayList<>();
    for (Case c : cases) {
      String stylePath = c.style() == null ? style : c.style();
      // "file:" + a relative name: the manifest gets a file: URI, written as Hadoop takes it (not %-encoded).
      boolean fileUri = c.content().startsWith("file:");
      Path content = dir.resolve(fileUri ? c.content().substring("file:".length()) : c.content());
      if (c.contentBytes() != null) {
        Files.createDirectories(content.getParent());
        Files.write(content, c.contentBytes());
      }
      if (c.styleBytes() != null) {
        Files.write(dir.resolve(stylePath), c.styleBytes());
      }
      rows.add((fileUri ? "file://" : "") + content + "," + dir.resolve(stylePath) + "," + c.id() + ","
          + c.styleScale());
    }
    Path manifest = dir.resolve("pairs.csv");
    Files.writeString(manifest, "content_uri,style_uri,pair_id,style_scale\n" + String.join("\n", rows) + "\n");

    JobRunner.Outcome run = JobRunner.run("local[2]", List.of("--pairs", manifest.toString(), "--output",
        dir.resolve("result").toString(), "--weights", "untrained:seed=40", "--run-id", "hostile", "--size", "32",
        "--iterations", "2", "--max-failed-fraction", "1", "--max-input-pixels", "1000000"));

    long failedCount = cases.stream().filter(c -> c.status().equals("FAILED")).count();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(String.format("restyle run hostile: %d done, %d failed, 0 skipped of %d pairs",
        cases.size() - failedCount, failedCount, cases.size()));
    List<Row> metrics = JobRunner.metrics(dir.resolve("result/metrics").toString(), Map.of());
    assertThat(metrics).hasSize(cases.size()); // exactly one row per pair
    Map<String, Row> byId = metrics.stream().collect(Collectors.toMap(r -> r.<String>getAs("pair_id"), r -> r,
        (a, b) -> {
          throw new AssertionError("two rows for " + a.<String>getAs("pair_id"));
        }, LinkedHashMap::new));
    assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(cases.stream().map(Case::id).toList());

    for (Case c : cases) {
      Row row = byId.get(c.id());
      String message = row.getAs("error_message");
      assertThat(row.<String>getAs("status")).as("%s: %s", c.id(), message).isEqualTo(c.status());
      if (c.status().equals("FAILED")) {
        assertThat(row.<String>getAs("error_class")).as(c.id()).isEqualTo(c.errorClass());
        assertThat(message).as(c.id()).contains(c.message());
        assertThat(row.<String>getAs("output_uri")).as(c.id()).isNull();
      } else {
        assertThat(row.<String>getAs("error_class")).as(c.id()).isNull();
        assertThat(row.<Integer>getAs("width")).as(c.id()).isEqualTo(c.width());
        assertThat(row.<Integer>getAs("height")).as(c.id()).isEqualTo(c.height());
        Path image = Path.of(URI.create(row.<String>getAs("output_uri")));
        BufferedImage output = ImageDecoder.decode(Files.readAllBytes(image), image.toString(), ImageLimits.DEFAULT);
        assertThat(output.getWidth()).as(c.id()).isEqualTo(c.width());
        assertThat(output.getHeight()).as(c.id()).isEqualTo(c.height());
      }
    }
    assertThat(byId.get("spaces_non_ascii").<String>getAs("content_uri"))
        .endsWith("/sub dir é/cöntent with spaces ü 名前.png");
    assertThat(byId.get("file_uri_spaces_non_ascii").<String>getAs("content_uri"))
        .startsWith("file:///").endsWith("/sub dir é/ôther cöntent.png");
    assertThat(byId.get("big_style").<String>getAs("style_uri")).endsWith("big style 1024x768.png");
  }

  private static Case ok(String id, String file, byte[] bytes, int width, int height) {
    return new Case(id, file, bytes, null, null, "", "SUCCEEDED", null, null, width, height);
  }

  private static Case failed(String id, String file, byte[] bytes, String errorClass, String message) {
    return new Case(id, file, bytes, null, null, "", "FAILED", errorClass, message, 0, 0);
  }
}
