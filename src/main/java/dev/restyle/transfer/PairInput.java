package dev.restyle.transfer;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The encoded content image and one or more style images of one pair, with the names (URIs) used in
 * messages. Several styles are blended by {@code style_blend}, in this order.
 *
 * @param init the encoded picture to start from (init image); null when the pair starts otherwise
 */
public record PairInput(String contentName, byte[] content, List<Style> styles, Picture init) {

  /** Where a style's encoded bytes come from; asked only when the style's targets are not cached. */
  @FunctionalInterface
  public interface Bytes {
    byte[] read() throws IOException;
  }

  /**
   * One style image and its name, with the encoded mask of where it applies (null: everywhere).
   *
   * @param version what identifies these bytes without reading them (the URI with its length and
   *     modification time, say), so the style-target cache is consulted before any byte is fetched; null
   *     when there is none, and then the bytes are read and their digest is the key
   */
  public record Style(String name, String version, Bytes bytes, Mask mask) {

    /** A style whose bytes are already in memory. */
    public Style(String name, byte[] bytes) {
      this(name, null, () -> bytes, null);
    }

    /** A style in memory with its mask. */
    public Style(String name, byte[] bytes, Mask mask) {
      this(name, null, () -> bytes, mask);
    }

    /** A style read only when needed, applied everywhere. */
    public Style(String name, String version, Bytes bytes) {
      this(name, version, bytes, null);
    }
  }

  /** An encoded grayscale mask and its name: the style applies where it is white. */
  public record Mask(String name, byte[] bytes) {}

  /** An encoded picture and its name. */
  public record Picture(String name, byte[] bytes) {}

  public PairInput {
    styles = List.copyOf(styles);
    if (styles.isEmpty()) {
      throw new IllegalArgumentException("a pair needs at least one style image");
    }
    long masked = styles.stream().filter(s -> s.mask() != null).count();
    if (masked != 0 && masked != styles.size()) {
      throw new IllegalArgumentException("either every style image has a mask or none has");
    }
  }

  /** A pair that starts from its content, noise or style. */
  public PairInput(String contentName, byte[] content, List<Style> styles) {
    this(contentName, content, styles, null);
  }

  /** This pair, started from the given picture. */
  public PairInput withInit(String name, byte[] bytes) {
    return new PairInput(contentName, content, styles, new Picture(name, bytes));
  }

  /** A pair with a single style image. */
  public PairInput(String contentName, byte[] content, String styleName, byte[] style) {
    this(contentName, content, List.of(new Style(styleName, style)));
  }

  /** Whether the styles have masks (then every one has). */
  public boolean masked() {
    return styles.get(0).mask() != null;
  }

  /** The style names, comma-separated, for messages. */
  public String styleNames() {
    return styles.stream().map(Style::name).collect(Collectors.joining(","));
  }
}
