package org.torchparity.parity;

import org.torchparity.nn.CELU;
import org.torchparity.nn.ELU;
import org.torchparity.nn.GELU;
import org.torchparity.nn.Hardsigmoid;
import org.torchparity.nn.Hardswish;
import org.torchparity.nn.Hardtanh;
import org.torchparity.nn.LeakyReLU;
import org.torchparity.nn.LogSoftmax;
import org.torchparity.nn.Mish;
import org.torchparity.nn.PReLU;
import org.torchparity.nn.ReLU6;
import org.torchparity.nn.SELU;
import org.torchparity.nn.SiLU;
import org.torchparity.nn.Sigmoid;
import org.torchparity.nn.Softmax;
import org.torchparity.nn.Softplus;
import org.torchparity.nn.Softsign;
import org.torchparity.nn.Tanh;
import org.torchparity.reference.ReferenceElu;
import org.torchparity.reference.ReferenceGelu;
import org.torchparity.reference.ReferenceHardsigmoid;
import org.torchparity.reference.ReferenceHardswish;
import org.torchparity.reference.ReferenceHardtanh;
import org.torchparity.reference.ReferenceLeakyRelu;
import org.torchparity.reference.ReferenceLogSoftmax;
import org.torchparity.reference.ReferenceMish;
import org.torchparity.reference.ReferencePrelu;
import org.torchparity.reference.ReferenceSigmoid;
import org.torchparity.reference.ReferenceSilu;
import org.torchparity.reference.ReferenceSoftmax;
import org.torchparity.reference.ReferenceSoftplus;
import org.torchparity.reference.ReferenceSoftsign;
import org.torchparity.reference.ReferenceTanh;
import org.torchparity.spec.CeluSpec;
import org.torchparity.spec.EluSpec;
import org.torchparity.spec.GeluSpec;
import org.torchparity.spec.HardsigmoidSpec;
import org.torchparity.spec.HardswishSpec;
import org.torchparity.spec.HardtanhSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LeakyReluSpec;
import org.torchparity.spec.LogSoftmaxSpec;
import org.torchparity.spec.MishSpec;
import org.torchparity.spec.PreluSpec;
import org.torchparity.spec.Relu6Spec;
import org.torchparity.spec.SeluSpec;
import org.torchparity.spec.SigmoidSpec;
import org.torchparity.spec.SiluSpec;
import org.torchparity.spec.SoftmaxSpec;
import org.torchparity.spec.SoftplusSpec;
import org.torchparity.spec.SoftsignSpec;
import org.torchparity.spec.TanhSpec;

/**
 * Registers the activations: rectifiers, clamps, the exponential family, smooth gates, soft
 * functions, Softmax and LogSoftmax (one {@link LayerType} each; see {@link Layers}).
 */
final class ActivationLayers {
  private ActivationLayers() {}

  static void registerAll() {
    Layers.register(
        new LayerType(
            "GELU",
            (args, children, dtype) ->
                new GeluSpec(
                    Args.string(Args.only(args, "GELU", "approximate"), "approximate", "none"),
                    dtype),
            (spec, device) -> GELU.of((GeluSpec) spec, device),
            spec -> new ReferenceGelu(spec.dtype(), ((GeluSpec) spec).tanh()),
            ActivationGateConfigs::gelu));
    Layers.register(
        new LayerType(
            "SiLU",
            (args, children, dtype) ->
                new SiluSpec(
                    Args.bool(Args.only(args, "SiLU", "inplace"), "inplace", false), dtype),
            (spec, device) -> SiLU.of((SiluSpec) spec, device),
            spec -> new ReferenceSilu(),
            ActivationGateConfigs::silu));
    Layers.register(
        new LayerType(
            "Mish",
            (args, children, dtype) ->
                new MishSpec(
                    Args.bool(Args.only(args, "Mish", "inplace"), "inplace", false), dtype),
            (spec, device) -> Mish.of((MishSpec) spec, device),
            spec -> new ReferenceMish(),
            ActivationGateConfigs::mish));
    Layers.register(
        new LayerType(
            "Hardswish",
            (args, children, dtype) ->
                new HardswishSpec(
                    Args.bool(Args.only(args, "Hardswish", "inplace"), "inplace", false), dtype),
            (spec, device) -> Hardswish.of((HardswishSpec) spec, device),
            spec -> new ReferenceHardswish(spec.dtype()),
            ActivationGateConfigs::hardswish));
    Layers.register(
        new LayerType(
            "Hardsigmoid",
            (args, children, dtype) ->
                new HardsigmoidSpec(
                    Args.bool(Args.only(args, "Hardsigmoid", "inplace"), "inplace", false), dtype),
            (spec, device) -> Hardsigmoid.of((HardsigmoidSpec) spec, device),
            spec -> new ReferenceHardsigmoid(),
            ActivationGateConfigs::hardsigmoid));
    Layers.register(
        new LayerType(
            "Softmax",
            (args, children, dtype) -> new SoftmaxSpec(SoftmaxArgs.dim(args, "Softmax"), dtype),
            (spec, device) -> Softmax.of((SoftmaxSpec) spec, device),
            spec -> new ReferenceSoftmax(((SoftmaxSpec) spec).dim()),
            ActivationGateConfigs::softmax));
    Layers.register(
        new LayerType(
            "LogSoftmax",
            (args, children, dtype) ->
                new LogSoftmaxSpec(SoftmaxArgs.dim(args, "LogSoftmax"), dtype),
            (spec, device) -> LogSoftmax.of((LogSoftmaxSpec) spec, device),
            spec -> new ReferenceLogSoftmax(((LogSoftmaxSpec) spec).dim()),
            ActivationGateConfigs::logSoftmax));
    Layers.register(
        new LayerType(
            "ReLU6",
            (args, children, dtype) ->
                new Relu6Spec(
                    Args.bool(Args.only(args, "ReLU6", "inplace"), "inplace", false), dtype),
            (spec, device) -> ReLU6.of((Relu6Spec) spec, device),
            spec -> new ReferenceHardtanh(0, 6, spec.dtype()),
            ActivationRectConfigs::relu6));
    Layers.register(
        new LayerType(
            "LeakyReLU",
            (args, children, dtype) ->
                new LeakyReluSpec(
                    Args.decimal(
                        Args.only(args, "LeakyReLU", "negative_slope", "inplace"),
                        "negative_slope",
                        LeakyReluSpec.DEFAULT_NEGATIVE_SLOPE),
                    Args.bool(args, "inplace", false),
                    dtype),
            (spec, device) -> LeakyReLU.of((LeakyReluSpec) spec, device),
            spec -> new ReferenceLeakyRelu(((LeakyReluSpec) spec).negativeSlope(), spec.dtype()),
            ActivationRectConfigs::leakyRelu));
    Layers.register(
        new LayerType(
            "PReLU",
            (args, children, dtype) -> {
              Args.only(args, "PReLU", "num_parameters", "init");
              if (args.path("num_parameters").isBoolean()) {
                // torch.empty(True) is a TypeError, though a bool is an int elsewhere in Python.
                throw new InvalidArgumentException(
                    "num_parameters",
                    "num_parameters must be an int but was " + args.get("num_parameters"));
              }
              return new PreluSpec(
                  Args.integer(args, "num_parameters", 1),
                  Args.decimal(args, "init", PreluSpec.DEFAULT_INIT),
                  dtype);
            },
            (spec, device) -> PReLU.of((PreluSpec) spec, device),
            spec -> new ReferencePrelu(),
            ActivationRectConfigs::prelu));
    Layers.register(
        new LayerType(
            "Hardtanh",
            (args, children, dtype) -> {
              Args.only(
                  args, "Hardtanh", "min_val", "max_val", "inplace", "min_value", "max_value");
              // PyTorch reads the deprecated min_value / max_value over min_val / max_val.
              Double minValue = Args.optionalDecimal(args, "min_value", null);
              Double maxValue = Args.optionalDecimal(args, "max_value", null);
              return new HardtanhSpec(
                  minValue != null ? minValue : Args.decimal(args, "min_val", -1.0),
                  maxValue != null ? maxValue : Args.decimal(args, "max_val", 1.0),
                  Args.bool(args, "inplace", false),
                  dtype);
            },
            (spec, device) -> Hardtanh.of((HardtanhSpec) spec, device),
            spec -> {
              HardtanhSpec h = (HardtanhSpec) spec;
              return new ReferenceHardtanh(h.minVal(), h.maxVal(), h.dtype());
            },
            ActivationRectConfigs::hardtanh));
    Layers.register(
        new LayerType(
            "ELU",
            (args, children, dtype) ->
                new EluSpec(
                    Args.decimal(Args.only(args, "ELU", "alpha", "inplace"), "alpha", 1.0),
                    Args.bool(args, "inplace", false),
                    dtype),
            (spec, device) -> ELU.of((EluSpec) spec, device),
            spec -> ReferenceElu.elu(((EluSpec) spec).alpha(), spec.dtype()),
            ActivationRectConfigs::elu));
    Layers.register(
        new LayerType(
            "SELU",
            (args, children, dtype) ->
                new SeluSpec(
                    Args.bool(Args.only(args, "SELU", "inplace"), "inplace", false), dtype),
            (spec, device) -> SELU.of((SeluSpec) spec, device),
            spec -> ReferenceElu.selu(SeluSpec.ALPHA, SeluSpec.SCALE, spec.dtype()),
            ActivationRectConfigs::selu));
    Layers.register(
        new LayerType(
            "CELU",
            (args, children, dtype) ->
                new CeluSpec(
                    Args.decimal(Args.only(args, "CELU", "alpha", "inplace"), "alpha", 1.0),
                    Args.bool(args, "inplace", false),
                    dtype),
            (spec, device) -> CELU.of((CeluSpec) spec, device),
            spec -> ReferenceElu.celu(((CeluSpec) spec).alpha(), spec.dtype()),
            ActivationRectConfigs::celu));
    Layers.register(
        new LayerType(
            "Tanh",
            (args, children, dtype) -> {
              Args.only(args, "Tanh");
              return new TanhSpec(dtype);
            },
            (spec, device) -> Tanh.of((TanhSpec) spec, device),
            spec -> new ReferenceTanh(spec.dtype()),
            ActivationRectConfigs::tanh));
    Layers.register(
        new LayerType(
            "Sigmoid",
            (args, children, dtype) -> {
              Args.only(args, "Sigmoid");
              return new SigmoidSpec(dtype);
            },
            (spec, device) -> Sigmoid.of((SigmoidSpec) spec, device),
            spec -> new ReferenceSigmoid(spec.dtype()),
            ActivationRectConfigs::sigmoid));
    Layers.register(
        new LayerType(
            "Softsign",
            (args, children, dtype) -> {
              Args.only(args, "Softsign");
              return new SoftsignSpec(dtype);
            },
            (spec, device) -> Softsign.of((SoftsignSpec) spec, device),
            spec -> new ReferenceSoftsign(),
            ActivationRectConfigs::softsign));
    Layers.register(
        new LayerType(
            "Softplus",
            (args, children, dtype) ->
                new SoftplusSpec(
                    Args.decimal(
                        Args.only(args, "Softplus", "beta", "threshold"),
                        "beta",
                        SoftplusSpec.DEFAULT_BETA),
                    Args.decimal(args, "threshold", SoftplusSpec.DEFAULT_THRESHOLD),
                    dtype),
            (spec, device) -> Softplus.of((SoftplusSpec) spec, device),
            spec -> {
              SoftplusSpec p = (SoftplusSpec) spec;
              return new ReferenceSoftplus(p.beta(), p.threshold(), p.dtype());
            },
            ActivationRectConfigs::softplus));
  }
}
