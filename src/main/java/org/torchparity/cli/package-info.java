/**
 * The command-line tool ({@code java -jar torch-parity.jar}), built on picocli. Nothing else in the
 * project depends on this package.
 */
package org.torchparity.cli;
