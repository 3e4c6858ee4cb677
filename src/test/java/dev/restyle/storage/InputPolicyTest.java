package dev.restyle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.support.ErrorClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The input rules of issue 14 ("Inputs reach only where they should"), each with the exact reason a
 * FAILED row gives, and beside each refusal the input of the same kind that is read (the control).
 */
class InputPolicyTest {

  private static final String LOCAL = "local[2]";
  private static final String CLUSTER = "spark://127.0.0.1:7077";
  private static final String NOT_STORAGE = ": is not a storage scheme; it is read only under an --allow-input-prefix";
  private static final String FILE_ON_CLUSTER = "file: inputs on a cluster master (spark://127.0.0.1:7077) would be "
      + "read from each executor's local disk; allow a folder with --allow-input-prefix";

  /** Answers from a table, as a DNS would, and records what it was asked. */
  private static final class TableResolver implements InputPolicy.Resolver {
    private static final long serialVersionUID = 1L;
    final Map<String, String> table;
    final List<String> asked = new ArrayList<>();

    TableResolver(Map<String, String> table) {
      this.table = table;
    }

    @Override
    public InetAddress[] addresses(String host) throws UnknownHostException {
      asked.add(host);
      String address = table.get(host);
      if (address == null) {
        throw new UnknownHostException(host);
      }
      return new InetAddress[] {InetAddress.getByName(address)};
    }
  }

  private final TableResolver dns = new TableResolver(Map.of(
      "127.0.0.1", "127.0.0.1",
      "images.example", "93.184.216.34",
      "rebind.example", "169.254.169.254",
      "v6.example", "fe80::1",
      "nat64.example", "64:ff9b::a9fe:a9fe",
      "mirror.example", "10.0.0.5"));

  private InputPolicy policy(String master, String... prefixes) {
    return InputPolicy.forRun(List.of(prefixes), master, "file:/work", dns);
  }

  @Test
  void byDefaultTheStorageSchemesAreReadAndEverythingElseIsRefused() {
    InputPolicy local = policy(LOCAL);
    for (String uri : List.of("s3a://bucket/in/a.png", "s3://bucket/a.png", "s3n://bucket/a.png",
        "hdfs://nn:8020/data/a.png", "viewfs://cluster/a.png", "gs://bucket/a.png",
        "abfss://images@account.dfs.core.windows.net/a.png", "wasbs://c@account.blob.core.windows.net/a.png",
        "oss://bucket/a.png", "file:/data/a.png", "file:///data/a.png", "/data/a.png", "in/a.png")) {
      assertThat(local.refusal(uri)).as(uri).isEmpty();
    }
    assertThat(local.refusal("http://127.0.0.1:8080/creds")).hasValue("http" + NOT_STORAGE);
    assertThat(local.refusal("https://images.example/a.png")).hasValue("https" + NOT_STORAGE);
    assertThat(local.refusal("ftp://images.example/a.png")).hasValue("ftp" + NOT_STORAGE);
    assertThat(local.refusal("sftp://images.example/a.png")).hasValue("sftp" + NOT_STORAGE);
    assertThat(local.refusal("webhdfs://nn:9870/a.png")).hasValue("webhdfs" + NOT_STORAGE);
    assertThat(local.refusal("jar:file:/opt/app.jar!/a.png")).hasValue("jar" + NOT_STORAGE);
    assertThat(dns.asked).as("refusing looks nothing up").isEmpty();
  }

  @Test
  void onAClusterMasterFileInputsNeedAPrefix() {
    InputPolicy cluster = policy(CLUSTER);
    assertThat(cluster.refusal("file:///etc/passwd")).hasValue(FILE_ON_CLUSTER);
    assertThat(cluster.refusal("file:/etc/passwd")).hasValue(FILE_ON_CLUSTER);
    assertThat(cluster.refusal("/etc/passwd")).as("no scheme: the default file system, here file:")
        .hasValue(FILE_ON_CLUSTER);
    assertThat(cluster.refusal("container_tokens")).hasValue("its path is relative, and on a cluster each "
        + "executor would read it from its own working directory; give a full URI");
    assertThat(cluster.refusal("s3a://bucket/in/a.png")).isEmpty();
    for (String master : List.of("yarn", "k8s://https://k8s.example:6443", "mesos://m:5050")) {
      assertThat(policy(master).refusal("file:/data/a.png")).as(master).isPresent();
    }
    for (String master : List.of("local", "local[*]", "local[4,2]", "local-cluster[2,1,1024]")) {
      assertThat(policy(master).refusal("file:/data/a.png")).as(master).isEmpty();
    }

    InputPolicy shared = policy(CLUSTER, "file:/shared/images");
    assertThat(shared.refusal("file:/shared/images/a.png")).isEmpty();
    assertThat(shared.refusal("file:/etc/passwd")).hasValue("it is under no --allow-input-prefix (file:/shared/images)");

    InputPolicy onHdfs = InputPolicy.forRun(List.of(), CLUSTER, "hdfs://nn:8020/user/restyle", dns);
    assertThat(onHdfs.refusal("/data/a.png")).as("no scheme: the default file system, here hdfs:").isEmpty();
    assertThat(onHdfs.refusal("in/a.png")).isEmpty();
  }

  @Test
  void aPrefixIsAFolderComparedAsHadoopReadsTheUri() {
    InputPolicy inData = policy(CLUSTER, "file:/data/in/", "s3a://Bucket/images");
    assertThat(inData.refusal("file:/data/in/a.png")).isEmpty();
    assertThat(inData.refusal("file:///data/in/a.png")).isEmpty();
    assertThat(inData.refusal("/data/in/sub/a.png")).isEmpty();
    assertThat(inData.refusal("file:/data/in/sub/../a.png")).isEmpty();
    assertThat(inData.refusal("file:/data//in/a.png")).isEmpty();
    assertThat(inData.refusal("s3a://bucket/images/a.png")).isEmpty();
    String underNone = "it is under no --allow-input-prefix (file:/data/in/, s3a://Bucket/images)";
    assertThat(inData.refusal("file:/data/input-secret/a.png")).hasValue(underNone);
    assertThat(inData.refusal("file:/data/in/../secret/a.png")).hasValue(underNone);
    assertThat(inData.refusal("file:/data/in/../../../../etc/passwd")).hasValue("its path climbs above the root "
        + "with '..'");
    assertThat(inData.refusal("s3a://bucket/images-private/a.png")).hasValue(underNone);
    assertThat(inData.refusal("s3a://other/images/a.png")).as("given prefixes are all that is read")
        .hasValue(underNone);
    assertThat(inData.refusal("file://otherhost/data/in/a.png")).hasValue(underNone);
  }

  @Test
  void httpUnderAPrefixIsReadAfterItsAddressIsChecked() {
    InputPolicy loopback = policy(LOCAL, "http://127.0.0.1:8080/images/");
    assertThat(loopback.refusal("http://127.0.0.1:8080/images/a.png")).isEmpty();
    assertThat(dns.asked).containsExactly("127.0.0.1");
    assertThat(loopback.refusal("http://127.0.0.1:8080/creds")).hasValue("it is under no --allow-input-prefix "
        + "(http://127.0.0.1:8080/images/)");
    assertThat(loopback.refusal("http://127.0.0.1:9090/images/a.png")).isPresent();
    assertThat(loopback.refusal("http://127.0.0.1:8080@169.254.169.254/images/a.png")).hasValue("its host "
        + "169.254.169.254 is a cloud metadata address, which a run never reads");

    InputPolicy named = policy(LOCAL, "http://images.example/", "http://rebind.example/", "http://v6.example/",
        "http://nat64.example/", "http://gone.example/");
    assertThat(named.refusal("http://images.example/a.png")).isEmpty();
    assertThat(named.refusal("http://rebind.example/latest/meta-data/")).hasValue("its host rebind.example "
        + "resolves to 169.254.169.254, a cloud metadata address, which a run never reads");
    assertThat(named.refusal("http://v6.example/a.png")).hasValue("its host v6.example resolves to "
        + "fe80:0:0:0:0:0:0:1, a link-local address, which a run never reads");
    assertThat(named.refusal("http://nat64.example/a.png")).hasValue("its host nat64.example resolves to "
        + "64:ff9b:0:0:0:0:a9fe:a9fe, a cloud metadata address, which a run never reads");
    assertThat(named.refusal("http://gone.example/a.png")).hasValue("its host gone.example does not resolve, so its "
        + "address cannot be checked");
  }

  @Test
  void metadataAndLinkLocalHostsAreNeverReadWhateverTheSchemeOrPrefix() {
    InputPolicy local = policy(LOCAL);
    assertThat(local.refusal("http://169.254.169.254/latest/meta-data/iam/security-credentials/"))
        .hasValue("its host 169.254.169.254 is a cloud metadata address, which a run never reads");
    assertThat(local.refusal("http://2852039166/latest/")).as("169.254.169.254 as one number")
        .hasValue("its host 2852039166 is a cloud metadata address, which a run never reads");
    assertThat(local.refusal("hdfs://169.254.10.1:8020/a.png"))
        .hasValue("its host 169.254.10.1 is a link-local address, which a run never reads");
    assertThat(local.refusal("http://[fd00:ec2::254]/latest/"))
        .hasValue("its host [fd00:ec2::254] is a cloud metadata address, which a run never reads");
    assertThat(local.refusal("https://[fe80::1%25eth0]/a.png")).isPresent();
    assertThat(local.refusal("http://100.100.100.200/latest/meta-data/"))
        .hasValue("its host 100.100.100.200 is a cloud metadata address, which a run never reads");
    assertThat(local.refusal("gs://metadata.google.internal./computeMetadata/v1/"))
        .hasValue("its host metadata.google.internal. is a cloud metadata service, which a run never reads");
    assertThat(local.refusal("s3a://169.254.169.254/a.png")).isPresent();

    for (String prefix : List.of("http://169.254.169.254/", "http://[fe80::1]/", "http://metadata.google.internal/")) {
      assertThatThrownBy(() -> policy(LOCAL, prefix)).as(prefix).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--allow-input-prefix '" + prefix + "' is invalid: its host ")
          .hasMessageEndingWith(", which a run never reads");
    }
    assertThat(dns.asked).isEmpty();
  }

  @Test
  void aPrefixMustBeAFullUriOrAnAbsolutePath() {
    InputPolicy.checkPrefix("s3a://bucket");
    InputPolicy.checkPrefix("/data/in");
    InputPolicy.checkPrefix("file:///data/in/");
    assertThatThrownBy(() -> InputPolicy.checkPrefix("data/in")).hasMessage("--allow-input-prefix 'data/in' is "
        + "invalid: give a full URI (s3a://bucket/folder, file:/data/in) or an absolute path");
    assertThatThrownBy(() -> InputPolicy.checkPrefix("/../etc")).hasMessage("--allow-input-prefix '/../etc' is "
        + "invalid: its path climbs above the root with '..'");
  }

  @Test
  void aRefusalIsAnInputNotAllowedErrorNamingTheUri() {
    InputNotAllowedException e = catchRefusal(policy(CLUSTER), "file:///etc/passwd");
    assertThat(e).hasMessage("file:///etc/passwd is not allowed: " + FILE_ON_CLUSTER);
    assertThat(ErrorClass.of(e)).isEqualTo(ErrorClass.INPUT_NOT_ALLOWED);
  }

  @Test
  void thePolicyTravelsToExecutorsWithItsRules() throws Exception {
    InputPolicy sent = InputPolicy.forRun(List.of("file:/data/in"), CLUSTER, "file:/work");
    InputPolicy received = roundTrip(sent);
    assertThat(received.refusal("file:/data/in/a.png")).isEmpty();
    assertThat(received.refusal("file:/etc/passwd")).hasValue("it is under no --allow-input-prefix (file:/data/in)");
    assertThat(received.describe()).isEqualTo("only under file:/data/in; never link-local or cloud-metadata "
        + "addresses");
    assertThat(InputPolicy.forRun(List.of(), CLUSTER, "file:/work").describe()).isEqualTo("s3a, s3, s3n, hdfs, "
        + "viewfs, gs, abfs, abfss, wasb, wasbs, oss (no file: on cluster master spark://127.0.0.1:7077); never "
        + "link-local or cloud-metadata addresses");
  }

  private static InputNotAllowedException catchRefusal(InputPolicy policy, String uri) {
    try {
      policy.require(uri);
    } catch (InputNotAllowedException e) {
      return e;
    }
    throw new AssertionError(uri + " was allowed");
  }

  private static InputPolicy roundTrip(InputPolicy policy) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(policy);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (InputPolicy) in.readObject();
    }
  }
}
