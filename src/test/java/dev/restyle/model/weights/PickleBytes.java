package dev.restyle.model.weights;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes protocol-2 pickles opcode by opcode, for the torch files the fixture script cannot make:
 * its PyTorch 1.13 no longer writes the pre-0.4 {@code _rebuild_tensor} form, Python 2 pickles,
 * storage views, or damaged files. Each method emits one opcode as {@code pickletools.dis} lists it.
 */
final class PickleBytes {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Starts a pickle: {@code PROTO 2}. */
  static PickleBytes protocol2() {
    return new PickleBytes().op(0x80).op(2);
  }

  PickleBytes mark() {
    return op('(');
  }

  PickleBytes global(String module, String name) {
    return op('c').bytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** A Python 3 str: {@code BINUNICODE}. */
  PickleBytes str(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return op('X').bytes(le(4).putInt(utf8.length).array()).bytes(utf8);
  }

  /** A Python 2 str: {@code SHORT_BINSTRING}. */
  PickleBytes py2str(String value) {
    byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
    return op('U').op(ascii.length).bytes(ascii);
  }

  /** An int, with the smallest opcode Python would pick. */
  PickleBytes integer(long value) {
    if (value >= 0 && value < 256) {
      return op('K').op((int) value);
    }
    if (value >= 0 && value < 65536) {
      return op('M').bytes(le(2).putShort((short) value).array());
    }
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      return op('J').bytes(le(4).putInt((int) value).array());
    }
    return op(0x8a).op(8).bytes(le(8).putLong(value).array()); // LONG1, 8 bytes
  }

  PickleBytes none() {
    return op('N');
  }

  PickleBytes bool(boolean value) {
    return op(value ? 0x88 : 0x89);
  }

  /** {@code TUPLE}: everything since the last mark. */
  PickleBytes tuple() {
    return op('t');
  }

  PickleBytes emptyTuple() {
    return op(')');
  }

  PickleBytes emptyDict() {
    return op('}');
  }

  PickleBytes emptyList() {
    return op(']');
  }

  PickleBytes appends() {
    return op('e');
  }

  PickleBytes setitem() {
    return op('s');
  }

  PickleBytes setitems() {
    return op('u');
  }

  PickleBytes reduce() {
    return op('R');
  }

  PickleBytes binpersid() {
    return op('Q');
  }

  PickleBytes build() {
    return op('b');
  }

  /** Bytes written verbatim (an opcode this class has no method for). */
  PickleBytes bytes(byte[] raw) {
    out.writeBytes(raw);
    return this;
  }

  PickleBytes op(int opcode) {
    out.write(opcode);
    return this;
  }

  /** Ends the pickle: {@code STOP}. */
  byte[] stop() {
    op('.');
    return out.toByteArray();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
