package dev.restyle.transfer;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The encoded content image and one or more style images of one pair, with the names (URIs) used in
 * messages. Several styles are blended by {@code style_blend}, in this order.
 */
public record PairInput(String contentName, byte[] content, List<Style> styles) {

  /** Where a style's encoded bytes come from; asked only when the style's targets are not cached. */
  @FunctionalInterface
  public interface Bytes {
    byte[] read() throws IOException;
  }

  /**
   * One style image and its name.
   *
   * @param version what identifies these bytes without reading them (the URI with its length and
   *     modification time, say), so the style-target cache is consulted before any byte is fetched; null
   *     when there is none, and then the bytes are read and their digest is the key
   */
  public record Style(String name, String version, Bytes bytes) {

    /** A style whose bytes are already in memory. */
    public Style(String name, byte[] bytes) {
      this(name, null, () -> bytes);
    }
  }

  public PairInput {
    styles = List.copyOf(styles);
    if (styles.isEmpty()) {
      throw new IllegalArgumentException("a pair needs at least one style image");
    }
  }

  /** A pair with a single style image. */
  public PairInput(String contentName, byte[] content, String styleName, byte[] style) {
    this(contentName, content, List.of(new Style(styleName, style)));
  }

  /** The style names, comma-separated, for messages. */
  public String styleNames() {
    return styles.stream().map(Style::name).collect(Collectors.joining(","));
  }
}
