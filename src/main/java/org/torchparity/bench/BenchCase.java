package org.torchparity.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.WorkEstimate;

/**
 * One benchmarked workload: a module (a layer or a tree), an input shape, and whether the backward
 * pass is timed.
 *
 * @param name the name the command line and the JSON use
 * @param spec the layer
 * @param inputShape {@code (N, C_in, L)}
 * @param backward whether a call computes the gradients (given {@code grad_output}) instead of the
 *     output
 * @param description one line for the table
 */
public record BenchCase(
    String name, ModuleSpec spec, int[] inputShape, boolean backward, String description) {

  /** Validates the shape once, so that every implementation sees a well-formed case. */
  public BenchCase {
    inputShape = inputShape.clone();
    spec.outputShape(inputShape);
  }

  /** The standard cases, in the order the table prints them. */
  public static final List<BenchCase> STANDARD =
      List.of(
          new BenchCase(
              "tiny",
              ConvSpec.conv1d(2, 1, 2).build(),
              new int[] {1, 2, 3},
              false,
              "Conv1d(2, 1, 2) on (1, 2, 3): the notebook cell, all overhead"),
          new BenchCase(
              "medium",
              ConvSpec.conv1d(16, 16, 5).build(),
              new int[] {8, 16, 256},
              false,
              "Conv1d(16, 16, 5) on (8, 16, 256)"),
          new BenchCase(
              "large",
              ConvSpec.conv1d(64, 64, 3).build(),
              new int[] {32, 64, 4096},
              false,
              "Conv1d(64, 64, 3) on (32, 64, 4096): 3.22 GFLOP"),
          new BenchCase(
              "depthwise",
              ConvSpec.conv1d(64, 64, 3).groups(64).padding(1).build(),
              new int[] {32, 64, 4096},
              false,
              "Conv1d(64, 64, 3, groups=64, padding=1) on (32, 64, 4096)"),
          new BenchCase(
              "dilated",
              ConvSpec.conv1d(64, 64, 3).dilation(4).padding(4).build(),
              new int[] {32, 64, 4096},
              false,
              "Conv1d(64, 64, 3, dilation=4, padding=4) on (32, 64, 4096)"),
          new BenchCase(
              "transpose",
              ConvSpec.convTranspose1d(64, 64, 4).stride(2).padding(1).build(),
              new int[] {32, 64, 2048},
              false,
              "ConvTranspose1d(64, 64, 4, stride=2, padding=1) on (32, 64, 2048): 2x upsampling"),
          new BenchCase(
              "backward",
              ConvSpec.conv1d(64, 64, 3).build(),
              new int[] {32, 64, 4096},
              true,
              "backward of the large case: grad_input, grad_weight, grad_bias"));

  /**
   * The whole-model cases (issue 18), named so that runs compare: timed only when named, or with
   * {@code models}; {@code all} stays the layer cases.
   */
  public static final List<BenchCase> MODELS =
      List.of(
          new BenchCase(
              "model-audio",
              ModelCases.audio(),
              new int[] {16, 1, 16000},
              false,
              "M5 audio classifier (4 conv blocks, 35 classes) on 16 one-second 16 kHz clips"),
          new BenchCase(
              "model-resnet",
              ModelCases.resnet().spec(),
              new int[] {32, 12, 1000},
              false,
              "ResNet1d (stem, 4 residual BatchNorm blocks of 64 channels, 5 classes) on (32, 12,"
                  + " 1000)"),
          new BenchCase(
              "model-separation",
              ModelCases.separation().spec(),
              new int[] {4, 1, 32000},
              false,
              "Conv-TasNet-style separator (encoder, 4 dilated depthwise PReLU/GroupNorm blocks,"
                  + " sigmoid mask, ConvTranspose1d decoder) on (4, 1, 32000)"));

  /**
   * Finds cases by name.
   *
   * @param names comma-separated names, {@code all} (the layer cases) or {@code models} (the
   *     whole-model cases)
   * @return the cases, in the standard order
   * @throws InvalidArgumentException naming an unknown case
   */
  public static List<BenchCase> parse(String names) {
    if (names == null || names.isBlank() || names.trim().equalsIgnoreCase("all")) {
      return STANDARD;
    }
    if (names.trim().equalsIgnoreCase("models")) {
      return MODELS;
    }
    List<BenchCase> known = new java.util.ArrayList<>(STANDARD);
    known.addAll(MODELS);
    List<String> wanted =
        Arrays.stream(names.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
    for (String w : wanted) {
      if (known.stream().noneMatch(c -> c.name.equals(w))) {
        throw new InvalidArgumentException(
            "cases",
            "unknown case '"
                + w
                + "'; choose from "
                + known.stream().map(BenchCase::name).toList()
                + ", all or models");
      }
    }
    return known.stream().filter(c -> wanted.contains(c.name)).toList();
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * Returns the output shape.
   *
   * @return {@code (N, C_out, L_out)}
   */
  public int[] outputShape() {
    return spec.outputShape(inputShape);
  }

  /**
   * Counts the multiply-adds of one forward pass ({@link WorkEstimate}): every output element of a
   * Conv1d, and every input element of a ConvTranspose1d, takes {@code C_in/groups * k} (resp.
   * {@code C_out/groups * k}); a container counts its children's, elementwise modules none.
   *
   * @return multiply-adds
   */
  public long forwardMacs() {
    return macs(spec, inputShape);
  }

  private static long macs(ModuleSpec spec, int[] inputShape) {
    if (spec instanceof ConvSpec conv) {
      return WorkEstimate.of(conv, inputShape).multiplyAdds();
    }
    long total = 0;
    int[] shape = inputShape;
    for (ModuleSpec.NamedSpec child : spec.children()) {
      total += macs(child.spec(), shape);
      shape = child.spec().outputShape(shape);
    }
    return total;
  }

  /**
   * Counts the floating-point operations of one call, as GFLOP/s figures use them: two per
   * multiply-add; a backward pass does it twice (grad_input and grad_weight; grad_bias is a sum).
   *
   * @return operations
   */
  public double flops() {
    return 2.0 * forwardMacs() * (backward ? 2 : 1);
  }

  /**
   * Describes the case for the Python script.
   *
   * @return the module's name, a convolution's arguments, and the input shape as plain values
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("module", spec.typeName());
    if (spec instanceof ConvSpec conv) {
      m.put("in_channels", conv.inChannels());
      m.put("out_channels", conv.outChannels());
      m.put("kernel_size", conv.kernelSize());
      m.put("stride", conv.stride());
      m.put("padding", conv.padding().amount());
      m.put("dilation", conv.dilation());
      m.put("groups", conv.groups());
      m.put("bias", conv.bias());
    }
    if (ModelCases.isModel(this)) {
      m.put("model", name);
      ModelGraph g = ModelCases.graph(name);
      if (g != null) {
        // Each child as PyTorch's repr, which is also its constructor call.
        List<List<String>> children = new java.util.ArrayList<>();
        g.children().forEach(ch -> children.add(List.of(ch.name(), ch.spec().repr())));
        m.put("children", children);
      }
    }
    m.put("input_shape", inputShape());
    m.put("backward", backward);
    return m;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BenchCase c
        && name.equals(c.name)
        && spec.equals(c.spec)
        && Arrays.equals(inputShape, c.inputShape)
        && backward == c.backward;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(inputShape);
  }

  @Override
  public String toString() {
    return name;
  }
}
