package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SensitiveSettingsTest {

  @Test
  void declaredCredentialKeysAreSecretInEveryFormTheyAreGiven() {
    assertThat(SensitiveSettings.isSecret("fs.s3a.secret.key")).isTrue();
    assertThat(SensitiveSettings.isSecret("spark.hadoop.fs.s3a.access.key")).isTrue();
    assertThat(SensitiveSettings.isSecret("spark.hadoop.fs.s3a.bucket.photos.secret.key")).isTrue();
    assertThat(SensitiveSettings.isSecret("spark.hadoop.fs.s3a.session.token")).isTrue();
    assertThat(SensitiveSettings.isSecret("spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net")).isTrue();
    assertThat(SensitiveSettings.isSecret("spark.executorEnv.AWS_SECRET_ACCESS_KEY")).isTrue();
    assertThat(SensitiveSettings.isSecret("spark.ssl.ui.keyStorePassword")).isTrue();
    assertThat(SensitiveSettings.isSecret("spark.hadoop.fs.s3a.proxy.password")).isTrue();
    assertThat(SensitiveSettings.isSecret("spark.hadoop.fs.oss.accessKeySecret")).isTrue();
    assertThat(SensitiveSettings.isSecret("spark.hadoop.fs.gs.auth.client.secret")).isTrue();
    assertThat(SensitiveSettings.isSecret("spark.hadoop.javax.jdo.option.ConnectionPassword")).isTrue();
  }

  @Test
  void settingsThatMerelySoundSecretAreNotRedacted() {
    // A word in a key is no declaration: these carry class names, numbers and paths a user needs to see.
    assertThat(SensitiveSettings.isSecret("spark.hadoop.fs.s3a.aws.credentials.provider")).isFalse();
    assertThat(SensitiveSettings.isSecret("spark.hadoop.fs.s3a.bucket.keys.endpoint")).isFalse();
    assertThat(SensitiveSettings.isSecret("spark.sql.shuffle.partitions")).isFalse();
    assertThat(SensitiveSettings.redact("spark.executor.memory", "8g")).isEqualTo("8g");
  }

  @Test
  void secretSystemPropertiesInsideValuesAreRedactedAndTheRestKept() {
    assertThat(SensitiveSettings.redact("spark.driver.extraJavaOptions",
        "-Xss4m -Dfs.s3a.secret.key=abc/def+1 -Dai.djl.offline=true"))
        .isEqualTo("-Xss4m -Dfs.s3a.secret.key=***** -Dai.djl.offline=true");
    assertThat(SensitiveSettings.redact("spark.executor.extraJavaOptions", "-Daws.secretAccessKey=wJalr/K7 -Xmx4g"))
        .isEqualTo("-Daws.secretAccessKey=***** -Xmx4g");
    assertThat(SensitiveSettings.redact("spark.hadoop.fs.s3a.secret.key", "abc")).isEqualTo("*****");
  }
}
