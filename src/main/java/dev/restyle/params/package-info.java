/**
 * Every style-transfer parameter, once: {@link dev.restyle.params.ParamDef typed definitions} in
 * {@link dev.restyle.params.StyleParamTable}, from which the flags, manifest columns, {@code params_json}
 * and the README's reference are made, and {@link dev.restyle.params.StyleParams}, the validated, typed
 * value with grouped views.
 *
 * <p>May import model (layer names, pooling), image (output format) and support; never Spark or Hadoop.
 */
package dev.restyle.params;
