package dev.restyle.transfer.optim;

/** Where an optimizer may move the pixels. */
public enum Bounds {

  /** Anywhere: torch.optim's behaviour, which the trajectory parity tests compare against. */
  NONE,

  /** Inside [0,1]: every iterate (and every line-search trial) is projected onto the unit box. */
  UNIT_BOX
}
