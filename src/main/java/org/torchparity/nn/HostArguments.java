package org.torchparity.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * Checks the host-memory arguments of the layers' fast forward passes (Java arrays and direct
 * buffers) before any native work starts, so that a misfit is an {@link InvalidArgumentException}
 * naming the argument rather than a native error or a silent partial read.
 */
final class HostArguments {
  private HostArguments() {}

  /** Checks that a Java array holds exactly the values a shape needs. */
  static void checkLength(String argument, int length, int[] shape) {
    long needed = Tensor.numel(shape);
    if (length != needed) {
      throw new InvalidArgumentException(
          argument,
          argument
              + " holds "
              + length
              + " values but "
              + ("input".equals(argument) ? "shape " : "the output shape ")
              + Arrays.toString(shape)
              + " needs "
              + needed);
    }
  }

  /**
   * Checks a caller's buffer for the direct-buffer forward pass and returns a view of exactly
   * {@code bytes} bytes from its position, in native order.
   *
   * @param argument the argument's name for messages
   * @param buffer the caller's buffer
   * @param bytes the bytes the call reads or writes
   * @param writable whether the call writes it
   * @return the view
   */
  static ByteBuffer checkDirect(String argument, ByteBuffer buffer, long bytes, boolean writable) {
    if (buffer == null) {
      throw new InvalidArgumentException(argument, argument + " must not be null");
    }
    if (!buffer.isDirect()) {
      throw new InvalidArgumentException(
          argument,
          argument
              + " must be a direct ByteBuffer (ByteBuffer.allocateDirect) but was a heap buffer;"
              + " use forward(float[], int[], float[]) for data on the Java heap");
    }
    if (buffer.order() != ByteOrder.nativeOrder()) {
      throw new InvalidArgumentException(
          argument,
          argument
              + " must be in native byte order ("
              + ByteOrder.nativeOrder()
              + ") but was "
              + buffer.order()
              + "; call "
              + argument
              + ".order(ByteOrder.nativeOrder())");
    }
    if (writable && buffer.isReadOnly()) {
      throw new InvalidArgumentException(argument, argument + " must be writable but is read-only");
    }
    if (buffer.remaining() < bytes) {
      throw new InvalidArgumentException(
          argument,
          argument + " has " + buffer.remaining() + " bytes remaining but needs " + bytes);
    }
    return buffer.slice(buffer.position(), (int) bytes).order(ByteOrder.nativeOrder());
  }
}
