package dev.restyle.transfer;

/** The losses at one iteration (1-based: iteration 1 is the initial image). */
public record HistoryPoint(int iteration, LossValues losses) {}
