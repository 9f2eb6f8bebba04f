package org.torchparity.spec;

/**
 * What a backward pass returns: the gradients of a loss with respect to the input, the weight and
 * the bias, given the gradient with respect to the output ({@code grad_output}).
 *
 * @param input {@code grad_input}, shaped like the input
 * @param weight {@code grad_weight}, shaped like the weight
 * @param bias {@code grad_bias}, shaped like the bias, or {@code null} when the layer has none
 */
public record Gradients(Tensor input, Tensor weight, Tensor bias) {}
