package dev.restyle.spark;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Spark and Hadoop settings whose values are secrets, declared here by name, so the printed
 * configuration redacts exactly these (Trino marks such properties where it declares them; Restyle does
 * not declare Hadoop's keys, so it declares which of them are secret). A key counts with or without
 * Spark's {@code spark.hadoop.} prefix, and s3a's per-bucket form {@code fs.s3a.bucket.<bucket>.<key>}
 * counts as its global key. A new credential setting is added to {@link #SECRET_KEYS}, not guessed from
 * a word in its name.
 */
public final class SensitiveSettings {

  static final String REDACTED = "*****";

  /** Exact keys (after the prefixes are taken off), or patterns where a key embeds a name. */
  private static final List<Pattern> SECRET_KEYS = List.of(
      exact("fs.s3a.access.key"),
      exact("fs.s3a.secret.key"),
      exact("fs.s3a.session.token"),
      exact("fs.s3a.encryption.key"),
      exact("fs.s3a.server-side-encryption.key"),
      exact("fs.s3a.proxy.password"),
      Pattern.compile("fs\\.s3a\\.encryption\\.context"),
      exact("aws.accessKeyId"), // the AWS SDK's own system properties
      exact("aws.secretAccessKey"),
      exact("aws.sessionToken"),
      exact("fs.oss.accessKeyId"),
      exact("fs.oss.accessKeySecret"),
      exact("fs.oss.securityToken"),
      exact("fs.cosn.userinfo.secretKey"),
      exact("fs.obs.secret.key"),
      exact("fs.gs.auth.client.secret"),
      exact("fs.gs.encryption.key"),
      exact("javax.jdo.option.ConnectionPassword"),
      exact("hadoop.security.credstore.java-keystore-provider.password"),
      Pattern.compile("fs\\.azure\\.account\\.key\\..+"),
      Pattern.compile("fs\\.azure\\.account\\.oauth2\\.client\\.secret(\\..+)?"),
      Pattern.compile("fs\\.azure\\.sas\\..+"),
      Pattern.compile("fs\\.gs\\.auth\\.service\\.account\\.private\\.key(\\.id)?"),
      exact("spark.authenticate.secret"),
      Pattern.compile("spark\\.ssl(\\.[a-z]+)?\\.(keyPassword|keyStorePassword|trustStorePassword)"),
      Pattern.compile("spark\\.kubernetes\\.authenticate(\\.[a-z]+)*\\.oauthToken"),
      Pattern.compile("(spark\\.executorEnv|spark\\.yarn\\.appMasterEnv|spark\\.kubernetes\\.driverEnv)\\."
          + "(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)"));

  private static final Pattern PER_BUCKET = Pattern.compile("fs\\.s3a\\.bucket\\.[^.]+\\.(.+)");
  /** A system property inside a value, as in {@code spark.driver.extraJavaOptions=-Dfs.s3a.secret.key=…}. */
  private static final Pattern SYSTEM_PROPERTY = Pattern.compile("-D([^=\\s]+)=(\\S*)");

  private SensitiveSettings() {}

  public static boolean isSecret(String key) {
    String plain = key.startsWith("spark.hadoop.") ? key.substring("spark.hadoop.".length()) : key;
    Matcher bucket = PER_BUCKET.matcher(plain);
    String global = bucket.matches() ? "fs.s3a." + bucket.group(1) : plain;
    return SECRET_KEYS.stream().anyMatch(p -> p.matcher(global).matches() || p.matcher(plain).matches());
  }

  /** The value as it may be printed: redacted for a secret key, and any secret {@code -Dkey=value} in it. */
  public static String redact(String key, String value) {
    if (isSecret(key)) {
      return REDACTED;
    }
    Matcher property = SYSTEM_PROPERTY.matcher(value);
    StringBuilder out = new StringBuilder();
    while (property.find()) {
      String replacement = isSecret(property.group(1)) ? "-D" + property.group(1) + "=" + REDACTED : property.group();
      property.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    property.appendTail(out);
    return out.toString();
  }

  private static Pattern exact(String key) {
    return Pattern.compile(Pattern.quote(key));
  }
}
