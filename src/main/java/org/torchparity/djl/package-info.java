/**
 * torch-parity inside DJL: {@link org.torchparity.djl.TorchParityBlock} wraps a module tree as a
 * DJL {@code Block}, so PyTorch's layers, numbers and state-dict keys go into {@code
 * SequentialBlock}, {@code Model}, {@code Predictor} and {@code Trainer}.
 */
package org.torchparity.djl;
