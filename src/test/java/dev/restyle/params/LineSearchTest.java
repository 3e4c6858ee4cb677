package dev.restyle.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code line_search} parameter names a {@link LineSearch}; none, torch's default, is ours. */
class LineSearchTest {

  @Test
  void theParameterDefaultsToNoneAndAcceptsStrongWolfe() {
    assertThat(StyleParams.defaults().get(StyleParamTable.LINE_SEARCH)).isEqualTo(LineSearch.NONE);
    assertThat(lbfgs(StyleParams.defaults()).lineSearch()).isEqualTo(LineSearch.NONE);
    assertThat(lbfgs(StyleParams.of(Map.of("line_search", "strong_wolfe"))).lineSearch())
        .isEqualTo(LineSearch.STRONG_WOLFE);
    assertThat(lbfgs(StyleParams.of(Map.of("--line-search", "Strong_Wolfe"))).lineSearch())
        .isEqualTo(LineSearch.STRONG_WOLFE);
  }

  @Test
  void everyAllowedValueParsesAndOthersAreRejected() {
    String[] allowed = StyleParamTable.LINE_SEARCH.allowed().split(" \\| ");
    assertThat(allowed).containsExactly("none", "strong_wolfe");
    for (String name : allowed) {
      assertThat(StyleParamTable.LINE_SEARCH.parse(name).name()).isEqualToIgnoringCase(name);
    }
    assertThatThrownBy(() -> StyleParams.of(Map.of("line_search", "backtracking")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--line-search 'backtracking' is invalid; allowed: none | strong_wolfe");
  }

  private static OptimizerSettings.Lbfgs lbfgs(StyleParams params) {
    assertThat(params.optimizer()).isInstanceOf(OptimizerSettings.Lbfgs.class);
    return (OptimizerSettings.Lbfgs) params.optimizer();
  }
}
