/**
 * The pure-Java reference kernels: the same layers computed with plain loops and double
 * accumulation. This package never imports DJL; it is the independent witness for parity checks.
 */
package org.torchparity.reference;
