package dev.restyle.cli;

import dev.restyle.model.WeightsResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code restyle demo}: the Spark job on local[*] over the sample pairs that ship with the repo. It always
 * produces a result: real VGG19 weights when it can find or fetch them ($RESTYLE_WEIGHTS, the local cache,
 * a one-time verified download), seeded random weights with a warning when it cannot.
 */
final class DemoCommand {

  private static final String WEIGHTS_ENV = "RESTYLE_WEIGHTS";

  int run(String[] args) {
    if (asksForUsage(args)) { // the job's own flags; no reason to look for (or download) weights first
      return new RunCommand(System.out, System.err, "local[*]", false).run(args);
    }
    Path home = Path.of(System.getProperty("restyle.home", "."));
    List<String> extra = new ArrayList<>(Arrays.asList(args));
    String configured = takeFlag(extra, "--weights", System.getenv(WEIGHTS_ENV));
    boolean downloads = !extra.remove("--no-download") && System.getenv("RESTYLE_OFFLINE") == null;
    WeightsResolver.Resolved weights = new WeightsResolver(
        WeightsResolver.defaultCacheDir(home, System.getenv()), downloads, System.err).resolve(configured);
    System.err.println(weights.note());

    List<String> job = new ArrayList<>(List.of(
        "--pairs", home.resolve("samples/pairs.csv").toString(),
        "--output", home.resolve("target/demo").toString(),
        "--run-id", "demo",
        "--skip-done",
        "--weights", weights.spec(),
        "--size", "128",
        "--iterations", "60"));
    job.addAll(extra); // later flags win: `restyle demo --size 256` overrides the default above
    // The note above already says why these weights and how to get real ones; the job need not repeat it.
    return new RunCommand(System.out, System.err, "local[*]", true).run(job.toArray(String[]::new));
  }

  private static boolean asksForUsage(String[] args) {
    return Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("-V")
        || a.equals("--version"));
  }

  private static String takeFlag(List<String> args, String flag, String fallback) {
    int at = args.indexOf(flag);
    if (at < 0 || at + 1 >= args.size()) {
      return fallback;
    }
    String value = args.get(at + 1);
    args.remove(at + 1);
    args.remove(at);
    return value;
  }
}
