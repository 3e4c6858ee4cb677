package dev.restyle.transfer;

/**
 * A pair's place in a {@link PairBatch}: its whole-image objective evaluated in the batch's shared network
 * passes. A pair leaves when its optimization ends, however it ends, so the batch stops waiting for it.
 */
public interface BatchSeat {

  /** A pair that runs alone. */
  BatchSeat NONE = new BatchSeat() {
    @Override
    public ImageObjective objective(StyleTransferObjective objective) {
      return ImageObjective.whole(objective);
    }

    @Override
    public void leave() {}

    @Override
    public int largestPass() {
      return 1;
    }
  };

  /** The objective, its evaluations shared with the batch's other pairs of the same shape. */
  ImageObjective objective(StyleTransferObjective objective);

  /** No more evaluations from this pair; idempotent. */
  void leave();

  /** The most pairs stacked in one network pass with this one: its batch size (1 when it ran alone). */
  int largestPass();
}
