/** Files: PyTorch keyword arguments, parity case files and weight files. */
package org.torchparity.io;
