/**
 * Parity checking: the tolerance table, element-wise comparisons with their worst index, and the
 * generation of random valid configurations. Works on {@link org.torchparity.spec.Tensor} values
 * only, so it never touches the native engine directly.
 */
package org.torchparity.parity;
