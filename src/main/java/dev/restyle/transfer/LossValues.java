package dev.restyle.transfer;

/** Loss terms on the host; {@code content}, {@code style}, {@code tv} unweighted, {@code total} weighted. */
public record LossValues(double content, double style, double tv, double total) {}
