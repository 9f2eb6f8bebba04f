/**
 * Example custom kernels: how to implement {@link org.torchparity.parity.ConvKernel} and check it
 * against PyTorch with {@code sweep --kernel}. Pure Java; nothing here touches DJL.
 */
package org.torchparity.examples;
