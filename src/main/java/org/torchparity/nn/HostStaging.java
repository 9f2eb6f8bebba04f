package org.torchparity.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A few direct buffers per thread that carry host values into libtorch, reused from call to call.
 *
 * <p>Why: {@code NDManager.create(float[])} allocates a fresh direct buffer for every array. The
 * JDK zeroes it, registers a cleaner and frees it only when the garbage collector finds it, and
 * when direct memory runs short it calls {@code System.gc()} and sleeps; for a 33 MB input that
 * costs 130–210 ms, ten times the convolution. A direct buffer handed to {@code
 * PtNDManager.create(Buffer, ...)} is wrapped with {@code from_blob}, without a copy: libtorch
 * reads the buffer itself. So the buffer must stay untouched while the array lives; the layers
 * close the array before the call returns, and only then is the buffer free for the thread's next
 * call.
 *
 * <p>Each thread has {@link #SLOTS} buffers (a backward pass uploads the input and the output
 * gradient at once). Each grows to the largest tensor it has carried, up to {@link
 * #CACHE_LIMIT_BYTES}; a larger tensor, or one more than the slots hold at a time, gets a buffer of
 * its own for that call, so a buffer is never used twice at once. The buffers are freed when their
 * thread ends, or at once by {@link #releaseCurrentThread()}.
 */
final class HostStaging {
  /** Inputs up to this size reuse the thread's buffer; larger ones get a one-off buffer. */
  static final long CACHE_LIMIT_BYTES = 256L << 20;

  /** oneDNN and libtorch's own allocator align to 64 bytes; so does the staging buffer. */
  private static final int ALIGNMENT = 64;

  private static final ThreadLocal<HostStaging> THREAD = ThreadLocal.withInitial(HostStaging::new);

  /** Buffers cached per thread. */
  static final int SLOTS = 2;

  private final ByteBuffer[] buffers = new ByteBuffer[SLOTS];
  private final boolean[] inUse = new boolean[SLOTS];

  private HostStaging() {}

  /**
   * Returns a native-order direct buffer of exactly {@code bytes} (position 0, limit {@code
   * bytes}); give it back with {@link #release(ByteBuffer)} once no array reads it any more.
   *
   * @param bytes the size needed
   * @return the buffer
   */
  static ByteBuffer acquire(long bytes) {
    HostStaging staging = THREAD.get();
    int slot = 0;
    while (slot < SLOTS && staging.inUse[slot]) {
      slot++;
    }
    if (slot == SLOTS || bytes > CACHE_LIMIT_BYTES) {
      return allocate(bytes);
    }
    ByteBuffer b = staging.buffers[slot];
    if (b == null || b.capacity() < bytes) {
      long grown = b == null ? 0 : Math.min(CACHE_LIMIT_BYTES, b.capacity() + b.capacity() / 2L);
      // Round up to whole pages so that slowly growing inputs do not reallocate every call.
      long capacity = (Math.max(bytes, grown) + 4095) & ~4095L;
      staging.buffers[slot] = null; // let the old one go before the new one is allocated
      b = allocate(capacity);
      staging.buffers[slot] = b;
    }
    staging.inUse[slot] = true;
    b.clear().limit((int) bytes);
    return b;
  }

  /**
   * Marks the thread's buffer free again; one-off buffers are simply dropped.
   *
   * @param b a buffer from {@link #acquire(long)}
   */
  static void release(ByteBuffer b) {
    HostStaging staging = THREAD.get();
    for (int slot = 0; slot < SLOTS; slot++) {
      if (b == staging.buffers[slot]) {
        staging.inUse[slot] = false;
      }
    }
  }

  /**
   * Drops the calling thread's idle buffers, so that their native memory is freed at the next
   * garbage collection instead of when the thread ends.
   */
  static void releaseCurrentThread() {
    HostStaging staging = THREAD.get();
    for (int slot = 0; slot < SLOTS; slot++) {
      if (!staging.inUse[slot]) {
        staging.buffers[slot] = null;
      }
    }
  }

  /**
   * Returns the total capacity of the calling thread's cached buffers, for tests.
   *
   * @return bytes held
   */
  static long cachedBytes() {
    long total = 0;
    for (ByteBuffer b : THREAD.get().buffers) {
      total += b == null ? 0 : b.capacity();
    }
    return total;
  }

  private static ByteBuffer allocate(long bytes) {
    if (bytes > Integer.MAX_VALUE - 2 * ALIGNMENT) {
      throw new IllegalArgumentException(
          "a tensor of " + bytes + " bytes is larger than one direct buffer can hold");
    }
    // Whole alignment units plus one spare unit: the aligned slice then holds at least bytes.
    int rounded = (int) ((bytes + ALIGNMENT - 1) & -ALIGNMENT);
    return ByteBuffer.allocateDirect(rounded + ALIGNMENT)
        .alignedSlice(ALIGNMENT)
        .limit((int) bytes)
        .slice()
        .order(ByteOrder.nativeOrder());
  }
}
