package org.torchparity.engine;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Runs convolutions with oneDNN on for forward passes and off for backward passes (why: see {@link
 * CpuBackends}). The switch is process-wide in libtorch and read when an op is dispatched, so
 * forward passes share a read lock and a backward pass holds the write lock while oneDNN is off. A
 * backward pass may run forwards inside it (autograd records one); the lock is reentrant.
 *
 * <p>Convolutions that user code runs on DJL directly, outside torch-parity, are not guarded.
 */
public final class OneDnnGuard {
  private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();

  private OneDnnGuard() {}

  /**
   * Runs forward work; many threads at once.
   *
   * @param work the work
   * @param <T> its result
   * @return what {@code work} returned
   */
  public static <T> T forward(Supplier<T> work) {
    LOCK.readLock().lock();
    try {
      return work.get();
    } finally {
      LOCK.readLock().unlock();
    }
  }

  /**
   * Runs backward work with oneDNN off, one thread at a time.
   *
   * @param work the work
   * @param <T> its result
   * @return what {@code work} returned
   */
  public static <T> T backward(Supplier<T> work) {
    LOCK.writeLock().lock();
    boolean outermost = LOCK.getWriteHoldCount() == 1;
    boolean switched = outermost && CpuBackends.setOneDnn(false);
    try {
      return work.get();
    } finally {
      if (switched) {
        CpuBackends.setOneDnn(true);
      }
      LOCK.writeLock().unlock();
    }
  }
}
