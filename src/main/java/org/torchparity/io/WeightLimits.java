package org.torchparity.io;

import java.nio.file.Path;

/**
 * The limits every weight-file reader ({@code .npz}, {@code .safetensors} and {@code torch.save}'s
 * {@code .pt}) enforces, in one place, so that a file's claims (a header length, a shape, a zip
 * entry's size, a pickle's nesting) can never make the reader allocate, inflate or loop beyond what
 * the caller allowed. Each check throws a {@link StateDictException} naming the file, the entry and
 * the claim that broke the limit.
 *
 * <p>The defaults ({@link #DEFAULTS}) admit any state dict of up to 1 GiB of tensor data; a reader
 * needs about the file's size plus twice the data (tensors hold their values as doubles) in heap.
 *
 * @param maxFileBytes largest file read; the file is read once, into one array, so at most {@code
 *     Integer.MAX_VALUE - 8}
 * @param maxEntries most tensors (and zip entries, and safetensors metadata entries) in one file
 * @param maxHeaderBytes largest safetensors JSON header (the safetensors library refuses more than
 *     100,000,000 bytes)
 * @param maxNpyHeaderBytes largest {@code .npy} header (numpy's {@code np.load} refuses more than
 *     10,000 characters unless told otherwise)
 * @param maxTotalBytes most tensor data, summed over the file, after decompression (for a {@code
 *     .pt}, also the tensors' bytes once views are made contiguous, summed separately)
 * @param maxCompressionRatio most uncompressed bytes per compressed byte of one zip entry; applied
 *     to entries whose declared size exceeds {@link #RATIO_FREE_BYTES}
 * @param maxRank most dimensions of one tensor
 * @param maxPickleDepth deepest nesting in a {@code .pt}'s pickle: containers inside containers,
 *     and open {@code MARK}s
 * @param maxPickleMemo most entries in the pickle's memo
 * @param maxPickleStack most values on the pickle's stack at once
 * @param maxStringBytes longest string or bytes value (and {@code GLOBAL} line) in the pickle
 */
public record WeightLimits(
    long maxFileBytes,
    int maxEntries,
    int maxHeaderBytes,
    int maxNpyHeaderBytes,
    long maxTotalBytes,
    int maxCompressionRatio,
    int maxRank,
    int maxPickleDepth,
    int maxPickleMemo,
    int maxPickleStack,
    int maxStringBytes) {

  /** The largest array the JVM can allocate, and so the largest file this package reads. */
  public static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;

  /**
   * Entries declaring at most this many uncompressed bytes (1 MiB) are exempt from the compression
   * ratio: a small all-zero bias compresses 100-fold without being a bomb.
   */
  public static final long RATIO_FREE_BYTES = 1L << 20;

  /**
   * The defaults: files up to 1 GiB, 65,535 entries (a zip's limit without zip64), safetensors' own
   * 100,000,000-byte header limit, numpy's 10,000-character {@code .npy} header limit, 1 GiB of
   * tensor data, a compression ratio of 100, rank 64 (numpy 2's {@code NPY_MAXDIMS}), and for
   * pickles a nesting depth of 100, a memo and a stack of 1,000,000 entries each and strings of 1
   * MiB.
   */
  public static final WeightLimits DEFAULTS =
      new WeightLimits(
          1L << 30,
          65_535,
          100_000_000,
          10_000,
          1L << 30,
          100,
          64,
          100,
          1_000_000,
          1_000_000,
          1 << 20);

  /**
   * Validates the limits themselves.
   *
   * @throws IllegalArgumentException when a limit is not positive or {@code maxFileBytes} exceeds
   *     {@link #ARRAY_LIMIT}
   */
  public WeightLimits {
    if (maxFileBytes < 1 || maxFileBytes > ARRAY_LIMIT) {
      throw new IllegalArgumentException(
          "maxFileBytes must be in [1, " + ARRAY_LIMIT + "] but was " + maxFileBytes);
    }
    if (maxEntries < 1
        || maxHeaderBytes < 1
        || maxNpyHeaderBytes < 1
        || maxTotalBytes < 1
        || maxCompressionRatio < 1
        || maxRank < 0
        || maxPickleDepth < 1
        || maxPickleMemo < 1
        || maxPickleStack < 1
        || maxStringBytes < 1) {
      throw new IllegalArgumentException("every weight-file limit must be positive: " + this);
    }
  }

  /**
   * Returns these limits with another file size limit.
   *
   * @param bytes the largest file read, at most {@link #ARRAY_LIMIT}
   * @return the new limits
   */
  public WeightLimits withMaxFileBytes(long bytes) {
    return new WeightLimits(
        bytes,
        maxEntries,
        maxHeaderBytes,
        maxNpyHeaderBytes,
        maxTotalBytes,
        maxCompressionRatio,
        maxRank,
        maxPickleDepth,
        maxPickleMemo,
        maxPickleStack,
        maxStringBytes);
  }

  /**
   * Returns these limits with another entry count limit.
   *
   * @param entries the most tensors in one file
   * @return the new limits
   */
  public WeightLimits withMaxEntries(int entries) {
    return new WeightLimits(
        maxFileBytes,
        entries,
        maxHeaderBytes,
        maxNpyHeaderBytes,
        maxTotalBytes,
        maxCompressionRatio,
        maxRank,
        maxPickleDepth,
        maxPickleMemo,
        maxPickleStack,
        maxStringBytes);
  }

  /**
   * Returns these limits with another safetensors header limit.
   *
   * @param bytes the largest JSON header
   * @return the new limits
   */
  public WeightLimits withMaxHeaderBytes(int bytes) {
    return new WeightLimits(
        maxFileBytes,
        maxEntries,
        bytes,
        maxNpyHeaderBytes,
        maxTotalBytes,
        maxCompressionRatio,
        maxRank,
        maxPickleDepth,
        maxPickleMemo,
        maxPickleStack,
        maxStringBytes);
  }

  /**
   * Returns these limits with another {@code .npy} header limit.
   *
   * @param bytes the largest header
   * @return the new limits
   */
  public WeightLimits withMaxNpyHeaderBytes(int bytes) {
    return new WeightLimits(
        maxFileBytes,
        maxEntries,
        maxHeaderBytes,
        bytes,
        maxTotalBytes,
        maxCompressionRatio,
        maxRank,
        maxPickleDepth,
        maxPickleMemo,
        maxPickleStack,
        maxStringBytes);
  }

  /**
   * Returns these limits with another limit on the decoded tensor data.
   *
   * @param bytes the most tensor bytes in one file, after decompression
   * @return the new limits
   */
  public WeightLimits withMaxTotalBytes(long bytes) {
    return new WeightLimits(
        maxFileBytes,
        maxEntries,
        maxHeaderBytes,
        maxNpyHeaderBytes,
        bytes,
        maxCompressionRatio,
        maxRank,
        maxPickleDepth,
        maxPickleMemo,
        maxPickleStack,
        maxStringBytes);
  }

  /**
   * Returns these limits with another compression ratio limit.
   *
   * @param ratio the most uncompressed bytes per compressed byte
   * @return the new limits
   */
  public WeightLimits withMaxCompressionRatio(int ratio) {
    return new WeightLimits(
        maxFileBytes,
        maxEntries,
        maxHeaderBytes,
        maxNpyHeaderBytes,
        maxTotalBytes,
        ratio,
        maxRank,
        maxPickleDepth,
        maxPickleMemo,
        maxPickleStack,
        maxStringBytes);
  }

  /**
   * Returns these limits with another rank limit.
   *
   * @param rank the most dimensions of one tensor
   * @return the new limits
   */
  public WeightLimits withMaxRank(int rank) {
    return new WeightLimits(
        maxFileBytes,
        maxEntries,
        maxHeaderBytes,
        maxNpyHeaderBytes,
        maxTotalBytes,
        maxCompressionRatio,
        rank,
        maxPickleDepth,
        maxPickleMemo,
        maxPickleStack,
        maxStringBytes);
  }

  /**
   * Returns these limits with other pickle limits ({@code .pt} files).
   *
   * @param depth the deepest nesting of containers and marks
   * @param memo the most memo entries
   * @param stack the most values on the stack
   * @param stringBytes the longest string or bytes value
   * @return the new limits
   */
  public WeightLimits withPickleLimits(int depth, int memo, int stack, int stringBytes) {
    return new WeightLimits(
        maxFileBytes,
        maxEntries,
        maxHeaderBytes,
        maxNpyHeaderBytes,
        maxTotalBytes,
        maxCompressionRatio,
        maxRank,
        depth,
        memo,
        stack,
        stringBytes);
  }

  void checkFileBytes(Path file, long claimed) {
    if (claimed > maxFileBytes) {
      throw new StateDictException(
          file,
          null,
          "the file has "
              + claimed
              + " bytes, over the limit of "
              + maxFileBytes
              + " (WeightLimits.maxFileBytes)");
    }
  }

  void checkEntries(Path file, String entry, long count) {
    if (count > maxEntries) {
      throw new StateDictException(
          file,
          entry,
          "the file holds "
              + count
              + " or more entries, over the limit of "
              + maxEntries
              + " (WeightLimits.maxEntries)");
    }
  }

  void checkHeaderBytes(Path file, long claimed) {
    if (claimed > maxHeaderBytes) {
      throw new StateDictException(
          file,
          null,
          "the header claims "
              + claimed
              + " bytes, over the limit of "
              + maxHeaderBytes
              + " (WeightLimits.maxHeaderBytes)");
    }
  }

  void checkNpyHeaderBytes(Path file, String entry, long claimed) {
    if (claimed > maxNpyHeaderBytes) {
      throw new StateDictException(
          file,
          entry,
          "the .npy header has "
              + claimed
              + " bytes, over the limit of "
              + maxNpyHeaderBytes
              + " (WeightLimits.maxNpyHeaderBytes; numpy refuses the same)");
    }
  }

  /**
   * Adds one entry's claimed data to a running total and refuses when the total passes the limit.
   */
  long addTotalBytes(Path file, String entry, long total, long claimed) {
    long sum = total + claimed; // both are at most about 2^62 here: no overflow
    if (claimed < 0 || sum > maxTotalBytes) {
      throw new StateDictException(
          file,
          entry,
          "the entry claims "
              + claimed
              + " bytes of data, which brings the file to "
              + sum
              + ", over the limit of "
              + maxTotalBytes
              + " (WeightLimits.maxTotalBytes)");
    }
    return sum;
  }

  void checkCompressionRatio(Path file, String entry, long uncompressed, long compressed) {
    if (uncompressed <= RATIO_FREE_BYTES) {
      return;
    }
    if (uncompressed > compressed * (long) maxCompressionRatio) {
      throw new StateDictException(
          file,
          entry,
          "the entry claims "
              + uncompressed
              + " bytes compressed into "
              + compressed
              + ", a ratio over the limit of "
              + maxCompressionRatio
              + " (WeightLimits.maxCompressionRatio)");
    }
  }

  void checkRank(Path file, String entry, int rank) {
    if (rank > maxRank) {
      throw new StateDictException(
          file,
          entry,
          "the shape claims "
              + rank
              + " or more dimensions, over the limit of "
              + maxRank
              + " (WeightLimits.maxRank)");
    }
  }

  /** Refuses a pickle limit's breach, naming the claim, the limit and where it happened. */
  StateDictException pickleLimit(
      Path file, String entry, String what, long limit, String name, long at) {
    return new StateDictException(
        file,
        entry,
        what
            + " at byte "
            + at
            + " of the pickle is over the limit of "
            + limit
            + " (WeightLimits."
            + name
            + ")");
  }
}
