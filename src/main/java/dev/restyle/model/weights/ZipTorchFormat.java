package dev.restyle.model.weights;

import java.util.Arrays;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip {@code torch.save} format (PyTorch 1.6 and later): entries {@code <prefix>/data.pkl} (the
 * pickled state dict), {@code <prefix>/data/<key>} (one per storage, raw little-endian elements),
 * {@code <prefix>/version}, and depending on the PyTorch version a few more ({@code byteorder},
 * {@code .data/serialization_id}, ...), which are tolerated.
 *
 * <p>{@link ZipFile} rather than {@code ZipInputStream}: PyTorch writes STORED entries with data
 * descriptors, which {@code ZipInputStream} rejects, and {@code ZipFile} reads the central directory
 * so that any entry can be opened, and skipped into, without reading the entries before it.
 */
public final class ZipTorchFormat implements StateDictFormat {

  public static final String NAME = "torch-zip";

  private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean recognizes(byte[] head) {
    return head.length >= LOCAL_HEADER.length
        && Arrays.equals(head, 0, LOCAL_HEADER.length, LOCAL_HEADER, 0, LOCAL_HEADER.length);
  }

  @Override
  public StateDict open(Path file) throws IOException {
    return ClosedOnFailure.parse(Archive.open(file), ZipTorchFormat::read);
  }

  private static StateDict read(Archive archive) throws IOException {
    Path file = archive.file;
    String prefix = archive.prefix();
    if (archive.zip.getEntry(prefix + "constants.pkl") != null) {
      throw new InvalidWeightsException(
          file + " is a TorchScript archive (torch.jit.save), not a state dict; save model.state_dict() with torch.save");
    }
    ZipEntry byteOrder = archive.zip.getEntry(prefix + "byteorder");
    if (byteOrder != null) {
      String order = new String(archive.readAll(byteOrder), StandardCharsets.US_ASCII).strip();
      if (!order.equals("little")) {
        throw new InvalidWeightsException(
            file + " stores its tensors in '" + order + "' byte order; only little-endian files are supported");
      }
    }

    TorchUnpickler unpickler = new TorchUnpickler();
    Object root;
    try (InputStream in = archive.stream(archive.zip.getEntry(prefix + "data.pkl"))) {
      root = unpickler.load(in, file, prefix + "data.pkl");
    } catch (ZipException e) {
      throw archive.corrupt(e);
    } catch (IOException e) {
      throw new InvalidWeightsException(file + " is corrupt: " + prefix + "data.pkl ends early (" + e.getMessage() + ")", e);
    }
    Map<String, PickledTensor> pickled = TorchStateDicts.tensorsOf(root, file);

    Map<String, ZipEntry> entries = new HashMap<>();
    for (PickledStorage storage : unpickler.storages().values()) {
      String name = prefix + "data/" + storage.key();
      ZipEntry entry = archive.zip.getEntry(name);
      if (entry == null) {
        throw new InvalidWeightsException(file + " is corrupt: it has no entry " + name + " for storage " + storage.key());
      }
      if (entry.getSize() != storage.byteLength()) {
        throw new InvalidWeightsException(
            file + " is corrupt: entry " + name + " holds " + entry.getSize() + " bytes, its storage needs "
                + storage.byteLength() + " (" + storage.numel() + " x " + storage.dataType() + ")");
      }
      entries.put(storage.key(), entry);
    }
    TorchStateDicts.StorageReader reader =
        (storage, byteOffset, length) -> archive.read(entries.get(storage.key()), byteOffset, length);
    return new LazyStateDict(
        NAME, file, TorchStateDicts.storedTensors(pickled, file, reader), archive, archive.bytesRead::get);
  }

  /** The open zip file, with every byte read through it counted (see {@link LazyStateDict#bytesRead}). */
  private static final class Archive implements Closeable {
    private final Path file;
    private final ZipFile zip;
    private final AtomicLong bytesRead = new AtomicLong();

    private Archive(Path file, ZipFile zip) {
      this.file = file;
      this.zip = zip;
    }

    static Archive open(Path file) throws IOException {
      try {
        return new Archive(file, new ZipFile(file.toFile()));
      } catch (ZipException e) {
        throw new InvalidWeightsException(
            file + " is a truncated or corrupt zip archive (" + e.getMessage()
                + "); was the download or copy interrupted?",
            e);
      }
    }

    /** The top-level folder holding {@code data.pkl} ({@code archive/} or the saved file's name), with its slash. */
    String prefix() {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        String name = all.nextElement().getName();
        if (name.equals("data.pkl")) {
          return "";
        }
        int slash = name.indexOf('/');
        if (slash >= 0 && name.substring(slash + 1).equals("data.pkl")) {
          return name.substring(0, slash + 1);
        }
      }
      throw new InvalidWeightsException(file + " is a zip archive but not a torch.save file: it has no data.pkl");
    }

    InputStream stream(ZipEntry entry) throws IOException {
      return new FilterInputStream(zip.getInputStream(entry)) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            bytesRead.incrementAndGet();
          }
          return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
          int n = super.read(into, offset, length);
          if (n > 0) {
            bytesRead.addAndGet(n);
          }
          return n;
        }
      };
    }

    byte[] readAll(ZipEntry entry) throws IOException {
      try (InputStream in = stream(entry)) {
        return in.readNBytes(64);
      } catch (ZipException e) {
        throw corrupt(e);
      }
    }

    /**
     * {@code length} bytes from {@code offset} into an entry. For STORED entries, as PyTorch writes
     * them, skipping is a seek: only the requested bytes are read.
     */
    ByteBuffer read(ZipEntry entry, long offset, int length) throws IOException {
      ByteBuffer out = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
      try (InputStream in = stream(entry)) {
        in.skipNBytes(offset);
        byte[] chunk = new byte[Math.min(Math.max(length, 1), 1 << 20)];
        while (out.hasRemaining()) {
          int n = in.read(chunk, 0, Math.min(chunk.length, out.remaining()));
          if (n < 0) {
            throw new InvalidWeightsException(file + " is corrupt: entry " + entry.getName() + " ends early");
          }
          out.put(chunk, 0, n);
        }
      } catch (ZipException e) {
        throw corrupt(e);
      }
      return out.flip();
    }

    InvalidWeightsException corrupt(ZipException e) {
      return new InvalidWeightsException(file + " is a corrupt zip archive: " + e.getMessage(), e);
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }
}
