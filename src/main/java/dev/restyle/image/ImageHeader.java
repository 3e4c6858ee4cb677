package dev.restyle.image;

/** The size an image's header declares, read before any pixel is decoded. */
record ImageHeader(int width, int height) {

  long pixels() {
    return (long) width * height;
  }
}
