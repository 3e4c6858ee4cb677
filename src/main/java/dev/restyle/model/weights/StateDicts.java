package dev.restyle.model.weights;

import dev.restyle.support.FileKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a weights file in whichever supported format it is, decided by its first bytes rather than
 * its name ({@code .pth} covers two formats, and downloads get renamed).
 *
 * <p>Keys saved from a model wrapped in {@code nn.DataParallel} all start with {@code module.}; the
 * prefix is stripped so that such files load like any other.
 */
public final class StateDicts {

  /** How many leading bytes the formats are recognized from. */
  static final int HEAD_BYTES = 16;

  static final String DATA_PARALLEL_PREFIX = "module.";

  private static final List<StateDictFormat> FORMATS =
      List.of(new ZipTorchFormat(), new LegacyTorchFormat(), new SafetensorsFormat());

  private StateDicts() {}

  /** The supported formats: torch-zip, torch-legacy, safetensors. */
  public static List<StateDictFormat> formats() {
    return FORMATS;
  }

  /**
   * Opens the file, reading only its headers.
   *
   * @throws InvalidWeightsException if the file is missing, empty, in no supported format, truncated
   *     or corrupt, or does not hold a dict of tensors; the message names the file and the problem
   * @throws IOException if reading fails for another reason
   */
  public static StateDict open(Path file) throws IOException {
    byte[] head = head(file);
    for (StateDictFormat format : FORMATS) {
      if (format.recognizes(head)) {
        return withoutDataParallelPrefix(format.open(file));
      }
    }
    throw new InvalidWeightsException(
        file + " is not a weights file Restyle can read: " + describeHead(head)
            + "; expected a state dict saved with torch.save (.pth) or a .safetensors file");
  }

  /** The format that recognizes the file's first bytes. */
  public static StateDictFormat formatOf(Path file) throws IOException {
    byte[] head = head(file);
    return FORMATS.stream()
        .filter(format -> format.recognizes(head))
        .findFirst()
        .orElseThrow(() -> new InvalidWeightsException(file + " is in no supported weights format: " + describeHead(head)));
  }

  private static byte[] head(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new InvalidWeightsException(file + " is a directory, not a weights file");
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(HEAD_BYTES);
    } catch (NoSuchFileException e) {
      throw new InvalidWeightsException("weights file not found: " + file, e);
    }
    if (head.length == 0) {
      throw new InvalidWeightsException(file + " is empty (0 bytes); was the download or copy interrupted?");
    }
    return head;
  }

  static StateDict withoutDataParallelPrefix(StateDict dict) {
    Map<String, StoredTensor> tensors = dict.tensors();
    if (tensors.isEmpty() || !tensors.keySet().stream().allMatch(key -> key.startsWith(DATA_PARALLEL_PREFIX))) {
      return dict;
    }
    Map<String, StoredTensor> renamed = new LinkedHashMap<>();
    tensors.forEach(
        (key, tensor) -> {
          String stripped = key.substring(DATA_PARALLEL_PREFIX.length());
          renamed.put(stripped, LazyTensor.renamed(tensor, stripped));
        });
    if (dict instanceof LazyStateDict lazy) {
      return lazy.withTensors(renamed);
    }
    Map<String, StoredTensor> view = java.util.Collections.unmodifiableMap(renamed);
    return new StateDict() {
      @Override
      public String format() {
        return dict.format();
      }

      @Override
      public Map<String, StoredTensor> tensors() {
        return view;
      }

      @Override
      public void close() throws IOException {
        dict.close();
      }
    };
  }

  /**
   * What the first bytes look like, for a user who passed the wrong file. In words, never the bytes
   * themselves: the message may reach a FAILED row, and the file may be anything.
   */
  private static String describeHead(byte[] head) {
    if ((head[0] & 0xff) == 0x80) {
      return "it is a Python pickle, but not one written by torch.save";
    }
    String kind = FileKind.of(head);
    String hint = kind.equals("HTML") || kind.equals("XML") ? " (perhaps an error page saved as the download?)" : "";
    return "it looks like " + kind + hint;
  }
}
