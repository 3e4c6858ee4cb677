package dev.restyle.cli;

import ai.djl.Device;
import dev.restyle.image.ImageException;
import dev.restyle.image.ImageLimits;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.transfer.InvalidParamException;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.StyleParams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
    try {
      parsed = commandLine.parseArgs(args);
      if (parsed.isUsageHelpRequested()) {
        commandLine.usage(out);
        return 0;
      }
      params = StyleParamOptions.from(parsed);
    } catch (ParameterException | InvalidParamException e) {
      err.println("restyle transfer: " + e.getMessage());
      err.println("Try 'restyle transfer --help' for the flags and their defaults.");
      return 2;
    }
    Path content = Path.of(parsed.matchedOptionValue("--content", ""));
    List<Path> styles = new ArrayList<>();
    for (String style : parsed.matchedOptionValue("--style", "").split(",")) {
      styles.add(Path.of(style.strip()));
    }
    try {
      params.checkStyleCount(styles.size());
    } catch (InvalidParamException e) {
      err.println("restyle transfer: " + e.getMessage());
      return 2;
    }
    Path output = Path.of(parsed.matchedOptionValue("--out", ""));
    String jsonOut = parsed.matchedOptionValue("--json-out", null);
    String weights = parsed.matchedOptionValue("--weights", "");
    long maxPixels = Long.parseLong(parsed.matchedOptionValue("--max-input-pixels", "100000000"));

    try {
      List<String> layers = new ArrayList<>(params.styleLayers());
      layers.add(params.contentLayer());
      try (Vgg19 model = Vgg19Weights.load(weights, Vgg19Architecture.deepest(layers), params.pooling(), Device.cpu())) {
        if (Vgg19Weights.isUntrained(weights)) {
          err.println("WARNING: " + model.weightsId() + " are random weights, not ImageNet's: the result is a smoke "
              + "test, not art. See README, 'VGG19 weights'.");
        }
        List<PairInput.Style> styleImages = new ArrayList<>();
        for (Path style : styles) {
          styleImages.add(new PairInput.Style(style.toString(), read(style)));
        }
        PairInput input = new PairInput(content.toString(), read(content), styleImages);
        PairResult result = new PairOptimizer(model, new ImageLimits(maxPixels, 1))
            .optimize(input, params, new ProgressPrinter(out));
        AtomicFiles.write(output, result.image());
        if (jsonOut != null) {
          AtomicFiles.write(Path.of(jsonOut), TransferReport.json(result, params, model.weightsId()).getBytes(
              java.nio.charset.StandardCharsets.UTF_8));
        }
        out.printf("wrote %s (%d×%d, %d iterations, %.1f s; final total loss %.4g)%n", output, result.width(),
            result.height(), result.iterationsDone(), result.wallMillis() / 1000.0, result.last().total());
        return 0;
      }
    } catch (ImageException | InvalidWeightsException | IOException e) {
      err.println("restyle transfer: " + e.getMessage());
      return 1;
    }
  }

  private static byte[] read(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file + " does not exist");
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
    spec.addOption(OptionSpec.builder("--max-input-pixels").paramLabel("N").type(Long.class)
        .defaultValue("100000000")
        .description("Refuse inputs whose header declares more pixels. Default: ${DEFAULT-VALUE}.").build());
    StyleParamOptions.addTo(spec);
    return spec;
  }

  private static OptionSpec required(String flag, String label, String description) {
    return OptionSpec.builder(flag).paramLabel(label).type(String.class).required(true).description(description).build();
  }
}
