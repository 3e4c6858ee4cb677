package dev.restyle.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The orientation tag of a JPEG's EXIF (APP1), a PNG's {@code eXIf} chunk or a TIFF's first directory,
 * read with TwelveMonkeys' TIFF-structure reader. A missing or unreadable tag means the picture is stored
 * upright: a broken EXIF block must not cost the pixels, which viewers show anyway.
 */
final class ExifOrientation {

  private static final int APP1 = 0xFFE1; // TwelveMonkeys names segments by their whole marker
  private static final byte[] TIFF_LITTLE_ENDIAN = {'I', 'I', 42, 0};
  private static final byte[] TIFF_BIG_ENDIAN = {'M', 'M', 0, 42};

  private ExifOrientation() {}

  static Orientation of(byte[] bytes) {
    try {
      Optional<byte[]> exif = JpegStructure.matches(bytes) ? jpegExif(bytes)
          : PngStructure.matches(bytes) ? PngStructure.chunk(bytes, "eXIf")
          : isTiff(bytes) ? Optional.of(bytes) : Optional.empty();
      return exif.map(ExifOrientation::tag).map(Orientation::ofTag).orElse(Orientation.NORMAL);
    } catch (IOException | RuntimeException e) {
      return Orientation.NORMAL;
    }
  }

  private static Optional<byte[]> jpegExif(byte[] bytes) throws IOException {
    try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(input, APP1, "Exif");
      if (segments.isEmpty()) {
        return Optional.empty();
      }
      try (InputStream data = segments.get(0).data()) {
        byte[] block = data.readAllBytes();
        int start = 0;
        while (start < block.length && block[start] == 0) { // the pad byte after "Exif\0"
          start++;
        }
        return Optional.of(Arrays.copyOfRange(block, start, block.length));
      }
    }
  }

  private static int tag(byte[] tiff) {
    try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff))) {
      Directory directory = new TIFFReader().read(input);
      Directory first = directory instanceof CompoundDirectory compound && compound.directoryCount() > 0
          ? compound.getDirectory(0) : directory;
      Entry entry = first.getEntryById(TIFF.TAG_ORIENTATION);
      return entry == null ? 1 : ((Number) entry.getValue()).intValue();
    } catch (IOException e) {
      return 1;
    }
  }

  private static boolean isTiff(byte[] bytes) {
    return bytes.length >= 4 && (Arrays.equals(bytes, 0, 4, TIFF_LITTLE_ENDIAN, 0, 4)
        || Arrays.equals(bytes, 0, 4, TIFF_BIG_ENDIAN, 0, 4));
  }
}
