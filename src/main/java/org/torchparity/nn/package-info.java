/**
 * The facade: {@link org.torchparity.nn.Conv1d} and {@link org.torchparity.nn.ConvTranspose1d},
 * PyTorch-identical layers running on DJL's PyTorch engine, plus the one adapter that bridges what
 * DJL lacks (padding modes, asymmetric {@code same} padding, transposed convolution).
 */
package org.torchparity.nn;
