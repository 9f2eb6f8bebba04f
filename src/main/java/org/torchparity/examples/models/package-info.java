/**
 * Models whose forward is not a chain, written as {@link org.torchparity.nn.Module} subclasses: a
 * residual block (an add), a one-level U-Net (a concatenation) and a text CNN (a transpose between
 * an embedding and a convolution). Each registers its children in PyTorch's {@code __init__} order,
 * so seeding and state dicts line up with PyTorch, and writes its forward in {@code compute} with
 * the children's {@code forward(NDArray)} and plain NDArray operations; backward comes from
 * libtorch's autograd of that code. {@code CustomForwardTest} checks all three against PyTorch
 * ({@code parity-tests/custom_forward.py}).
 */
package org.torchparity.examples.models;
