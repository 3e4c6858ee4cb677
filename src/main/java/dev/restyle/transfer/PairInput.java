package dev.restyle.transfer;

/** The encoded content and style images of one pair, with the names (URIs) used in messages. */
public record PairInput(String contentName, byte[] content, String styleName, byte[] style) {}
