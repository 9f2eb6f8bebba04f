/** Prints tensors, parameters and shapes exactly as PyTorch's {@code repr} does, in pure Java. */
package org.torchparity.format;
