package dev.restyle.model.download;

/** The downloaded bytes' sha256 does not start with the prefix the file name promises. */
public class ChecksumMismatchException extends DownloadException {

  private static final long serialVersionUID = 1L;

  private final String expectedPrefix;
  private final String actualSha256;

  public ChecksumMismatchException(String source, HashedFileName expected, String actualSha256) {
    super("checksum mismatch for " + source + ": sha256 is " + actualSha256 + ", expected it to start with "
        + expected.hashPrefix() + " (from the file name " + expected.fileName() + ")");
    this.expectedPrefix = expected.hashPrefix();
    this.actualSha256 = actualSha256;
  }

  public String expectedPrefix() {
    return expectedPrefix;
  }

  public String actualSha256() {
    return actualSha256;
  }
}
