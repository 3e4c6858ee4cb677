package dev.restyle.cli;

import ai.djl.Device;
import dev.restyle.image.ImageException;
import dev.restyle.image.ImageLimits;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.WeightsSource;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.params.InvalidParamException;
import dev.restyle.params.StyleParams;
import dev.restyle.support.AtomicFiles;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.ProgressPictures;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** {@code restyle transfer}: one pair, no Spark. Exit 0 on success, 1 on a failed pair, 2 on bad arguments. */
final class TransferCommand {

  private final PrintStream out;
  private final PrintStream err;

  TransferCommand() {
    this(System.out, System.err);
  }

  TransferCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    CommandSpec spec = spec();
    CommandLine commandLine = new CommandLine(spec);
    ParseResult parsed;
    StyleParams params;
    long maxPixels;
    WeightsSource weights;
    try {
      parsed = commandLine.parseArgs(args);
      if (parsed.isUsageHelpRequested()) {
        commandLine.usage(out);
        return 0;
      }
      params = ParamOptions.styleParams(parsed);
      maxPixels = ParamOptions.value(parsed, JobFlags.MAX_INPUT_PIXELS);
      weights = localWeights(parsed.matchedOptionValue("--weights", ""));
    } catch (ParameterException | InvalidParamException | InvalidWeightsException e) {
      err.println("restyle transfer: " + e.getMessage());
      err.println("Try 'restyle transfer --help' for the flags and their defaults.");
      return 2;
    }
    Path content = Path.of(parsed.matchedOptionValue("--content", ""));
    List<Path> styles = new ArrayList<>();
    for (String style : parsed.matchedOptionValue("--style", "").split(",")) {
      styles.add(Path.of(style.strip()));
    }
    List<Path> masks = new ArrayList<>();
    try {
      params.styleBlendWeights(styles.size()); // one weight, or one per style
      params.styleMaskUris(styles.size()).forEach(mask -> masks.add(Path.of(mask)));
    } catch (InvalidParamException e) {
      err.println("restyle transfer: " + e.getMessage());
      return 2;
    }
    Path output = Path.of(parsed.matchedOptionValue("--out", ""));
    String jsonOut = parsed.matchedOptionValue("--json-out", null);

    try {
      try (Vgg19 model = Vgg19Weights.load(weights, params.losses().deepestLayer(), params.pooling(), Device.cpu())) {
        if (weights instanceof WeightsSource.Untrained untrained) {
          err.println(untrained.warning());
        }
        List<PairInput.Style> styleImages = new ArrayList<>();
        for (int i = 0; i < styles.size(); i++) {
          Path style = styles.get(i);
          PairInput.Mask mask = masks.isEmpty() ? null : new PairInput.Mask(masks.get(i).toString(), read(masks.get(i)));
          styleImages.add(new PairInput.Style(style.toString(), read(style), mask));
        }
        PairInput input = new PairInput(content.toString(), read(content), styleImages);
        if (!params.initUri().isEmpty()) {
          input = input.withInit(params.initUri(), read(Path.of(params.initUri()), "init image "));
        }
        PairResult result = new PairOptimizer(model, new ImageLimits(maxPixels, 1))
            .optimize(input, params, new ProgressPrinter(out), progressPictures(output, params));
        AtomicFiles.write(output, result.image());
        if (jsonOut != null) {
          AtomicFiles.write(Path.of(jsonOut), TransferReport.json(result, params.forWeights(model.weightsId()),
              model.weightsId()).getBytes(
              java.nio.charset.StandardCharsets.UTF_8));
        }
        out.printf("wrote %s (%d×%d, %d iterations, %.1f s; final total loss %.4g, last iterate %.4g, "
            + "written/last %.3f)%n", output, result.width(), result.height(), result.iterationsDone(),
            result.wallMillis() / 1000.0, result.last().total(), result.lastIterate().total(),
            result.writtenLossRatio());
        return 0;
      }
    } catch (ImageException | InvalidWeightsException | InvalidParamException | IOException | UncheckedIOException e) {
      // InvalidParamException here: an input that makes a parameter unusable, such as an all-black mask.
      err.println("restyle transfer: " + e.getMessage());
      return 1;
    }
  }

  /** save_every's pictures next to the output: out.png → out_iter0050.png, each written atomically. */
  private static ProgressPictures progressPictures(Path output, StyleParams params) {
    if (params.saveEvery() == 0) {
      return ProgressPictures.NONE;
    }
    String file = output.getFileName().toString();
    String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
    return (iteration, encoded) -> {
      Path picture = output.resolveSibling(stem + "_" + ProgressPictures.name(iteration, params.iterations()) + "."
          + params.outputFormat().extension());
      try {
        AtomicFiles.write(picture, encoded);
      } catch (IOException e) {
        throw new UncheckedIOException("could not write " + picture + ": " + e.getMessage(), e);
      }
    };
  }

  /** Without Spark there is no Hadoop file system to copy remote weights from. */
  private static WeightsSource localWeights(String spec) {
    WeightsSource source = WeightsSource.parse(spec);
    if (source instanceof WeightsSource.Remote) {
      throw new InvalidWeightsException("--weights " + spec + ": restyle transfer reads local files only; copy it "
          + "to local disk, or use restyle run");
    }
    return source;
  }

  private static byte[] read(Path file) throws IOException {
    return read(file, "");
  }

  /** @param what how messages name the file, e.g. "init image " */
  private static byte[] read(Path file, String what) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(what + file + " does not exist");
    }
  }

  static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name("restyle transfer").mixinStandardHelpOptions(true);
    spec.usageMessage().description("Stylize one content image with one style image, without Spark.");
    spec.addOption(required("--content", "FILE", "Content image (PNG, JPEG, BMP, GIF)."));
    spec.addOption(required("--style", "FILE[,FILE…]", "Style image, or several separated by ',' (see --style-blend)."));
    spec.addOption(required("--out", "FILE", "Output image; written atomically."));
    spec.addOption(required("--weights", "FILE|untrained:seed=N",
        "VGG19 state dict (torchvision .pth, legacy or zip, or .safetensors), or seeded random weights."));
    spec.addOption(OptionSpec.builder("--json-out").paramLabel("FILE").type(String.class)
        .description("Also write the losses, history and effective parameters as JSON.").build());
    ParamOptions.add(spec, List.of(JobFlags.MAX_INPUT_PIXELS));
    ParamOptions.addStyleParams(spec);
    return spec;
  }

  private static OptionSpec required(String flag, String label, String description) {
    return OptionSpec.builder(flag).paramLabel(label).type(String.class).required(true).description(description).build();
  }
}
