package dev.restyle.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageException;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.params.InvalidParamException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ErrorClassTest {

  @Test
  void errorsCarryTheirClassFromWhereTheyAreThrown() {
    assertThat(ErrorClass.of(new ImageException(ImageException.Reason.TOO_LARGE, "x"))).isEqualTo(
        ErrorClass.INPUT_TOO_LARGE);
    assertThat(ErrorClass.of(new ImageException(ImageException.Reason.TOO_SMALL, "x"))).isEqualTo(
        ErrorClass.INPUT_TOO_SMALL);
    assertThat(ErrorClass.of(new ImageException(ImageException.Reason.UNDECODABLE, "x"))).isEqualTo(
        ErrorClass.INPUT_UNDECODABLE);
    assertThat(ErrorClass.of(new InvalidParamException("--size", "5", "16..8192"))).isEqualTo(
        ErrorClass.PARAM_INVALID);
    assertThat(ErrorClass.of(new InvalidWeightsException("bad"))).isEqualTo(ErrorClass.WEIGHTS_INVALID);
  }

  @Test
  void theFirstClassifiedCauseDecides() {
    Exception wrapped = new RuntimeException("pair failed",
        new UncheckedIOException(new IOException("read", new FileNotFoundException("c.png does not exist"))));
    assertThat(ErrorClass.of(wrapped)).isEqualTo(ErrorClass.INPUT_NOT_FOUND);
    assertThat(ErrorClass.of(new IllegalStateException("weights", new InvalidWeightsException("bad"))))
        .isEqualTo(ErrorClass.WEIGHTS_INVALID);
  }

  @Test
  void onlyNativeOutOfMemoryIsRecognisedByItsMessage() {
    assertThat(ErrorClass.of(new RuntimeException("[enforce fail] DefaultCPUAllocator: can't allocate memory")))
        .isEqualTo(ErrorClass.OUT_OF_MEMORY);
    assertThat(ErrorClass.of(new OutOfMemoryError("Java heap space"))).isEqualTo(ErrorClass.OUT_OF_MEMORY);
    assertThat(ErrorClass.of(new RuntimeException("the image is too large"))).isEqualTo(ErrorClass.INTERNAL);
    assertThat(ErrorClass.of(new IllegalArgumentException("pair_id contains '..'"))).isEqualTo(ErrorClass.INTERNAL);
  }
}
