package dev.restyle.transfer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.transfer.InvalidParamException;
import dev.restyle.transfer.StyleParamTable;
import dev.restyle.transfer.StyleParams;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code line_search} parameter names a {@link LineSearch}; none, torch's default, is ours. */
class LineSearchTest {

  @Test
  void theParameterDefaultsToNoneAndAcceptsStrongWolfe() {
    assertThat(LineSearch.parse(StyleParams.defaults().lineSearch())).isEqualTo(LineSearch.NONE);
    assertThat(LineSearch.parse(StyleParams.of(Map.of("line_search", "strong_wolfe")).lineSearch()))
        .isEqualTo(LineSearch.STRONG_WOLFE);
    assertThat(LineSearch.parse(StyleParams.of(Map.of("--line-search", "Strong_Wolfe")).lineSearch()))
        .isEqualTo(LineSearch.STRONG_WOLFE);
  }

  @Test
  void everyAllowedValueParsesAndOthersAreRejected() {
    for (String allowed : StyleParamTable.LINE_SEARCH.allowed().split(" \\| ")) {
      assertThat(LineSearch.parse(allowed).name()).isEqualToIgnoringCase(allowed);
    }
    assertThatThrownBy(() -> StyleParams.of(Map.of("line_search", "backtracking")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--line-search 'backtracking' is invalid; allowed: none | strong_wolfe");
  }
}
