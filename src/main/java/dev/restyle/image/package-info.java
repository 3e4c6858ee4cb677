/**
 * Pictures: decoding with a header-first pixel cap and conversion to sRGB, resizing, encoding, colour
 * transforms, the HWC bytes ↔ CHW floats conversion and SSIM. Knows nothing of models.
 *
 * <p>May import support only.
 */
package dev.restyle.image;
