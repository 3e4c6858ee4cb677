package dev.restyle.transfer;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The encoded content image and one or more style images of one pair, with the names (URIs) used in
 * messages. Several styles are blended by {@code style_blend}, in this order.
 *
 * @param init the encoded picture to start from (init image); null when the pair starts otherwise
 */
public record PairInput(String contentName, byte[] content, List<Style> styles, Picture init) {

  /** One encoded style image and its name. */
  public record Style(String name, byte[] bytes) {}

  /** An encoded picture and its name. */
  public record Picture(String name, byte[] bytes) {}

  public PairInput {
    styles = List.copyOf(styles);
    if (styles.isEmpty()) {
      throw new IllegalArgumentException("a pair needs at least one style image");
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

  /** The style names, comma-separated, for messages. */
  public String styleNames() {
    return styles.stream().map(Style::name).collect(Collectors.joining(","));
  }
}
