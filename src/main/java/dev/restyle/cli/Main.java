package dev.restyle.cli;

import java.util.Arrays;

/** {@code restyle <command> …}: the entry point of jobs/restyle. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      System.out.println("usage: restyle <command> [--help]\n\ncommands:\n"
          + "  demo       the Spark job on the sample pairs in samples/ (writes target/demo)\n"
          + "  run        the Spark batch job on an embedded local[*] (same flags as spark-submit)\n"
          + "  transfer   stylize one content/style pair, without Spark\n"
          + "  report     HTML report of a run: thumbnails, loss curves, failures\n"
          + "  sql        Spark SQL over the metrics (view restyle_runs)\n"
          + "  params     print the parameter reference (Markdown)\n"
          + "  bench      time iterations at 64–512 px (and PyTorch, where installed)\n"
          + "  bench-scale  N tiny pairs through the real job: where the time goes around the pairs\n"
          + "  bench-batch-job  the real job with --batch-pairs 1 against N, in alternating rounds");
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "demo":
        return new DemoCommand().run(rest);
      case "run":
        return new RunCommand(System.out, System.err, "local[*]", false).run(rest);
      case "transfer":
        return new TransferCommand().run(rest);
      case "report":
        return new ReportCommand().run(rest, System.out, System.err);
      case "sql":
        return new SqlCommand().run(rest, System.out, System.err);
      case "params":
        return ConfigReference.run();
      case "bench":
        return new dev.restyle.bench.BenchCommand().run(rest);
      case "bench-batch-job":
        return new BenchBatchJobCommand().run(rest, System.out, System.err);
      case "bench-scale":
        return new BenchScaleCommand().run(rest, System.out, System.err);
      default:
        System.err.println("restyle: unknown command '" + args[0] + "' (try restyle --help)");
        return 2;
    }
  }
}
