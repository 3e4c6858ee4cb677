/**
 * The commands users type: {@code restyle demo | run | transfer | report | sql | params | bench |
 * bench-scale}, and
 * spark-submit's entry point {@link dev.restyle.cli.RunCommand}. Each owns its flags, help text and exit
 * codes, turns flags into typed configuration once, and hands it to the package that does the work.
 *
 * <p>May import every package below it; nothing imports it.
 */
package dev.restyle.cli;
