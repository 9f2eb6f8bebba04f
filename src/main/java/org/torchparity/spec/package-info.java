/**
 * Layer specifications and tensor values shared by every other package: the validated constructor
 * arguments of {@code nn.Conv1d} / {@code nn.ConvTranspose1d}, dtypes, padding forms and an
 * immutable row-major tensor. Free of DJL, so the pure-Java reference can use it.
 */
package org.torchparity.spec;
