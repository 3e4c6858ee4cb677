package dev.restyle.params;

/** The α, β and TV weights of {@code total = α·content + β·style + tv·TV}. */
public record LossWeights(double content, double style, double tv) {}
