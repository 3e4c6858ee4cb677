package dev.restyle.storage;

import java.io.Serializable;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * Which inputs (content and style URIs) a run may read. Executors hold the cluster's credentials (an IAM
 * role, a keytab), while the manifest may come from people who do not; so a manifest row must not be able
 * to make an executor fetch the cloud's metadata service, a web page or a file on the executor's disk.
 *
 * <ul>
 *   <li>With no {@code --allow-input-prefix}: the storage schemes ({@link #STORAGE_SCHEMES}) are read, and
 *       {@code file:} only on a local master, where the local disk is the user's own. Everything else
 *       ({@code http(s)}, {@code ftp}, {@code jar}, …) is refused.
 *   <li>With prefixes: only what lies under one of them. A prefix is a folder: {@code file:/data/in} allows
 *       {@code file:/data/in/a.png}, not {@code file:/data/input-secret/a.png}.
 *   <li>Always: a link-local or cloud-metadata host is refused. Outside the storage schemes the host is
 *       resolved and every address checked, since a name (or {@code 2852039166}) can point there.
 * </ul>
 *
 * <p>URIs are compared as Hadoop reads them ({@link Path}: {@code ..} resolved, {@code file:/a} the same as
 * {@code file:///a}; a path without a scheme is on the default file system). Refusing needs no network:
 * only an input a prefix allows is resolved.
 */
public final class InputPolicy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Hadoop file systems read by default. Their authority names a bucket, container or cluster. */
  public static final List<String> STORAGE_SCHEMES = List.of("s3a", "s3", "s3n", "hdfs", "viewfs", "gs", "abfs",
      "abfss", "wasb", "wasbs", "oss", "file");

  /** Names of metadata services (GCP, AWS); their addresses are in {@link #METADATA_ADDRESSES}. */
  private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog", "metadata",
      "instance-data", "instance-data.ec2.internal");

  /** AWS, Azure, GCP and OpenStack (and AWS's IPv6), ECS task credentials, Alibaba, Oracle. */
  private static final Set<InetAddress> METADATA_ADDRESSES = Set.of(literal("169.254.169.254"),
      literal("fd00:ec2::254"), literal("169.254.170.2"), literal("100.100.100.200"), literal("192.0.0.192"));

  /** On a cluster a relative file path would be read from each executor's own working directory. */
  private static final String RELATIVE_ON_CLUSTER = "its path is relative, and on a cluster each executor would "
      + "read it from its own working directory; give a full URI";

  private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):");

  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[[0-9a-fA-F:.%a-zA-Z]+]");

  /** Looks up a host's addresses; the tests give their own, so no test depends on a DNS. */
  interface Resolver extends Serializable {
    InetAddress[] addresses(String host) throws UnknownHostException;
  }

  private enum SystemResolver implements Resolver {
    INSTANCE;

    @Override
    public InetAddress[] addresses(String host) throws UnknownHostException {
      return InetAddress.getAllByName(host);
    }
  }

  /** A URI as Hadoop reads it: scheme and authority in lower case, the path normalized. */
  private record Location(String scheme, String authority, String host, String path) implements Serializable {

    boolean contains(Location input) {
      return scheme.equals(input.scheme) && authority.equals(input.authority)
          && (path.equals("/") || input.path.equals(path) || input.path.startsWith(path + "/"));
    }
  }

  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private final List<String> givenPrefixes;
  private final List<Location> prefixes;
  private final String master;
  private final boolean localMaster;
  private final String workingDir;
  private final String localDir;
  private final Resolver resolver;

  private InputPolicy(List<String> givenPrefixes, String master, String workingDir, String localDir,
      Resolver resolver) {
    this.givenPrefixes = List.copyOf(givenPrefixes);
    this.master = master;
    this.localMaster = isLocal(master);
    this.workingDir = workingDir;
    this.localDir = localDir;
    this.resolver = resolver;
    List<Location> located = new ArrayList<>();
    for (String prefix : givenPrefixes) {
      checkPrefix(prefix);
      try {
        located.add(locate(prefix));
      } catch (Refused e) {
        throw new IllegalArgumentException("--allow-input-prefix '" + prefix + "' is invalid: " + e.getMessage());
      }
    }
    this.prefixes = List.copyOf(located);
  }

  /**
   * The rules of one run.
   *
   * @param allowedPrefixes {@code --allow-input-prefix}, each checked by {@link #checkPrefix}
   * @param master the session's master: {@code local}, {@code local[4]}, {@code local-cluster[…]} are local
   * @param workingDir the default file system's working directory, qualified ({@code file:/home/u},
   *     {@code hdfs://nn:8020/user/u}): where a path without a scheme resolves, as Hadoop resolves it
   * @throws IllegalArgumentException naming a prefix that is invalid
   */
  public static InputPolicy forRun(List<String> allowedPrefixes, String master, String workingDir) {
    return new InputPolicy(allowedPrefixes, master, workingDir, "file:" + System.getProperty("user.dir"),
        SystemResolver.INSTANCE);
  }

  /** With a resolver of the test's own. */
  static InputPolicy forRun(List<String> allowedPrefixes, String master, String workingDir, Resolver resolver) {
    return new InputPolicy(allowedPrefixes, master, workingDir, workingDir, resolver);
  }

  /**
   * What the command line can check of a prefix before any session exists: a full URI or an absolute path,
   * no {@code ..}, and not a link-local or metadata address.
   *
   * @throws IllegalArgumentException naming the prefix and what is wrong
   */
  public static void checkPrefix(String prefix) {
    String problem = null;
    try {
      Path path = new Path(prefix.strip());
      URI uri = path.toUri();
      if (uri.getScheme() == null ? !path.isAbsolute()
          : !uri.getPath().isEmpty() && !uri.getPath().startsWith("/")) {
        problem = "give a full URI (s3a://bucket/folder, file:/data/in) or an absolute path";
      } else if (climbs(uri.getPath())) {
        problem = "its path climbs above the root with '..'";
      } else {
        problem = forbiddenHost(hostOf(uri));
      }
    } catch (IllegalArgumentException e) {
      problem = "it is not a valid URI";
    }
    if (problem != null) {
      throw new IllegalArgumentException("--allow-input-prefix '" + prefix + "' is invalid: " + problem);
    }
  }

  /** Why the input may not be read, or empty when it may. */
  public Optional<String> refusal(String input) {
    try {
      Location location = locate(input);
      String host = forbiddenHost(location.host());
      if (host != null) {
        return Optional.of(host);
      }
      if (!allowed(location)) {
        return Optional.of(notAllowed(location));
      }
      if (!STORAGE_SCHEMES.contains(location.scheme())) {
        checkAddresses(location);
      }
      return Optional.empty();
    } catch (Refused e) {
      return Optional.of(e.getMessage());
    }
  }

  /** @throws InputNotAllowedException naming the input and why, before anything is fetched */
  public void require(String input) throws InputNotAllowedException {
    Optional<String> refusal = refusal(input);
    if (refusal.isPresent()) {
      throw new InputNotAllowedException(input, refusal.get());
    }
  }

  /** The rule in one line, for the run's start lines. */
  public String describe() {
    String rule;
    if (!givenPrefixes.isEmpty()) {
      rule = "only under " + String.join(", ", givenPrefixes);
    } else {
      List<String> schemes = new ArrayList<>(STORAGE_SCHEMES);
      if (!localMaster) {
        schemes.remove("file");
      }
      rule = String.join(", ", schemes) + (localMaster ? "" : " (no file: on cluster master " + master + ")");
    }
    return rule + "; never link-local or cloud-metadata addresses";
  }

  private boolean allowed(Location location) {
    if (!prefixes.isEmpty()) {
      return prefixes.stream().anyMatch(prefix -> prefix.contains(location));
    }
    return STORAGE_SCHEMES.contains(location.scheme()) && (localMaster || !location.scheme().equals("file"));
  }

  private String notAllowed(Location location) {
    if (!prefixes.isEmpty()) {
      return "it is under no --allow-input-prefix (" + String.join(", ", givenPrefixes) + ")";
    }
    if (location.scheme().equals("file")) {
      return "file: inputs on a cluster master (" + master + ") would be read from each executor's local disk; "
          + "allow a folder with --allow-input-prefix";
    }
    return notStorage(location.scheme());
  }

  private static String notStorage(String scheme) {
    return scheme + ": is not a storage scheme; it is read only under an --allow-input-prefix";
  }

  /** Outside the storage schemes the run connects to the host itself: every address it has is checked. */
  private void checkAddresses(Location location) throws Refused {
    if (location.host() == null) {
      throw new Refused("it names no host whose address can be checked");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.addresses(location.host());
    } catch (UnknownHostException e) {
      throw new Refused("its host " + location.host() + " does not resolve, so its address cannot be checked");
    }
    for (InetAddress address : addresses) {
      String kind = forbidden(address);
      if (kind != null) {
        throw new Refused("its host " + location.host() + " resolves to " + address.getHostAddress() + ", " + kind
            + ", which a run never reads");
      }
    }
  }

  /** The input as Hadoop would read it. */
  private Location locate(String input) throws Refused {
    Path path;
    try {
      path = new Path(input.strip());
    } catch (IllegalArgumentException e) {
      Matcher scheme = SCHEME.matcher(input.strip());
      if (scheme.lookingAt() && !STORAGE_SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT))) {
        throw new Refused(notStorage(scheme.group(1).toLowerCase(Locale.ROOT))); // jar:file:/app.jar!/a.png
      }
      throw new Refused("it is not a valid URI");
    }
    URI uri = path.toUri();
    boolean relative = !uri.getPath().isEmpty() && !uri.getPath().startsWith("/");
    if (uri.getScheme() == null) {
      if (relative && !localMaster && workingDir.toLowerCase(Locale.ROOT).startsWith("file:")) {
        throw new Refused(RELATIVE_ON_CLUSTER);
      }
      uri = path.makeQualified(new Path(workingDir).toUri(), new Path(workingDir)).toUri();
    } else if (relative) {
      if (!uri.getScheme().equalsIgnoreCase("file")) {
        throw new Refused("its path is relative to no folder; give a full URI");
      }
      if (!localMaster) {
        throw new Refused(RELATIVE_ON_CLUSTER);
      }
      uri = new Path(new Path(localDir), new Path(uri.getPath())).toUri();
    }
    String normalized = uri.getPath().isEmpty() ? "/" : uri.getPath();
    if (climbs(normalized)) {
      throw new Refused("its path climbs above the root with '..'");
    }
    String authority = uri.getAuthority() == null ? "" : uri.getAuthority().toLowerCase(Locale.ROOT);
    String host = hostOf(uri) == null ? null : hostOf(uri).toLowerCase(Locale.ROOT);
    return new Location(uri.getScheme().toLowerCase(Locale.ROOT), authority, host, normalized);
  }

  /** Why the host, by its name or as an address literal, is never read; null when it may be. */
  private static String forbiddenHost(String host) {
    if (host == null) {
      return null;
    }
    String name = host.toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
    if (METADATA_HOSTS.contains(name)) {
      return "its host " + host + " is a cloud metadata service, which a run never reads";
    }
    if (IP_LITERAL.matcher(name).matches()) {
      try {
        String kind = forbidden(InetAddress.getByName(name));
        if (kind != null) {
          return "its host " + host + " is " + kind + ", which a run never reads";
        }
      } catch (UnknownHostException e) {
        return null; // not an address after all: checked by name, and resolved when a prefix allows it
      }
    }
    return null;
  }

  /**
   * The host as a client connects to it. {@link URI#getHost} is null for names it does not parse as a
   * host, such as {@code 2852039166}, which Java and libc take for 169.254.169.254.
   */
  private static String hostOf(URI uri) {
    if (uri.getHost() != null) {
      return uri.getHost();
    }
    String authority = uri.getAuthority();
    if (authority == null || authority.isEmpty()) {
      return null;
    }
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    if (host.startsWith("[")) {
      return host.indexOf(']') < 0 ? host : host.substring(0, host.indexOf(']') + 1);
    }
    return host.lastIndexOf(':') < 0 ? host : host.substring(0, host.lastIndexOf(':'));
  }

  /** "a cloud metadata address", "a link-local address", or null. */
  private static String forbidden(InetAddress address) {
    InetAddress v4 = embeddedIpv4(address);
    if (METADATA_ADDRESSES.contains(address) || (v4 != null && METADATA_ADDRESSES.contains(v4))) {
      return "a cloud metadata address";
    }
    if (address.isLinkLocalAddress() || (v4 != null && v4.isLinkLocalAddress())) {
      return "a link-local address";
    }
    return null;
  }

  /**
   * The IPv4 address inside an IPv4-compatible ({@code ::a.b.c.d}) or NAT64 ({@code 64:ff9b::a.b.c.d})
   * address, which reach that IPv4 host. Java already turns {@code ::ffff:a.b.c.d} into IPv4.
   */
  private static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return null;
    }
    byte[] bytes = address.getAddress();
    byte[] nat64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    byte[] head = Arrays.copyOf(bytes, 12);
    if (!Arrays.equals(head, new byte[12]) && !Arrays.equals(head, nat64)) {
      return null;
    }
    try {
      return Inet4Address.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** After normalization, a path that still starts with '..' would climb above the root. */
  private static boolean climbs(String path) {
    return Arrays.asList(path.split("/")).contains("..");
  }

  private static boolean isLocal(String master) {
    return master != null && (master.equals("local") || master.startsWith("local[")
        || master.startsWith("local-cluster["));
  }

  private static InetAddress literal(String address) {
    try {
      return InetAddress.getByName(address); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
