package dev.restyle.image;

import java.awt.image.BufferedImage;

/** A decoded picture, upright, and the orientation its file declared (which the metrics record). */
public record DecodedImage(BufferedImage image, Orientation orientation) {}
