/**
 * The facade: {@link org.torchparity.nn.Conv1d} and {@link org.torchparity.nn.ConvTranspose1d},
 * PyTorch-identical layers running on DJL's PyTorch engine, plus what bridges what DJL lacks:
 * padding modes and asymmetric {@code same} padding ({@code PaddingAdapter}), the transposed
 * convolution ({@code EngineConv}) and a backward pass built from forward-direction ops ({@code
 * EngineBackward}).
 */
package org.torchparity.nn;
