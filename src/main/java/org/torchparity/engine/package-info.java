/**
 * Engine start-up in one place: offline loading of libtorch through DJL, device parsing and the
 * CUDA decision, diagnostics for missing or broken natives, and the NNPACK silencer.
 */
package org.torchparity.engine;
