package org.torchparity.io;

import java.nio.file.Path;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * A tensor as a case file writes it, before the case's dtype is known: inline values ({@code
 * shape}, optional {@code dtype}, {@code data}) or a reference to a weights file beside the case
 * ({@code file}, {@code key}).
 *
 * @param field where it stands in the file, for messages ({@code state.weight})
 * @param shape the dimensions, or {@code null} for a file reference
 * @param dtypeName the tensor's own {@code dtype}, or {@code null} for the case's
 * @param data floating values, or {@code null}
 * @param longs int64 or bool values, or {@code null}
 * @param file the referenced file's name, or {@code null} for inline values
 * @param key the referenced key in that file
 */
record RawTensor(
    String field,
    int[] shape,
    String dtypeName,
    double[] data,
    long[] longs,
    String file,
    String key) {

  /** Tells whether the values live in a file beside the case. */
  boolean isFileReference() {
    return file != null;
  }

  /**
   * Builds the tensor in its own dtype, or the case's when it names none.
   *
   * @param caseDType the case's dtype
   * @param caseFile the case file, for messages
   * @return the tensor
   */
  Tensor toTensor(DType caseDType, String caseFile) throws CaseFormatException {
    DType dtype = caseDType;
    if (dtypeName != null) {
      try {
        dtype = DType.parse(dtypeName);
      } catch (org.torchparity.spec.InvalidArgumentException e) {
        throw new CaseFormatException(caseFile, field + ".dtype", e.getMessage());
      }
    }
    if (dtype.isFloatingPoint()) {
      return Tensor.of(dtype, shape, data);
    }
    if (longs == null && data.length > 0) {
      throw new CaseFormatException(
          caseFile,
          field + ".data",
          "holds non-integer values but the tensor's dtype is " + dtype.torchName());
    }
    return Tensor.ofLongs(shape, longs == null ? new long[0] : longs).to(dtype);
  }

  /**
   * Resolves {@link #file()} against the case's folder, refusing names that are absolute or leave
   * it (also through a symbolic link).
   *
   * @param caseFile the case file
   * @return the weights file
   */
  Path resolve(Path caseFile) throws CaseFormatException {
    String where = caseFile.toString();
    Path name;
    try {
      name = Path.of(file);
    } catch (java.nio.file.InvalidPathException e) {
      throw new CaseFormatException(where, field + ".file", "is not a valid file name: " + file);
    }
    if (name.isAbsolute() || file.startsWith("/") || file.startsWith("\\")) {
      throw new CaseFormatException(
          where, field + ".file", "must be relative to the case's folder but was '" + file + "'");
    }
    Path folder = caseFile.toAbsolutePath().getParent();
    Path target = folder.resolve(name).normalize();
    if (!target.startsWith(folder.normalize())) {
      throw new CaseFormatException(
          where,
          field + ".file",
          "must stay inside the case's folder but '" + file + "' leaves it");
    }
    try {
      Path real = target.toRealPath();
      if (!real.startsWith(folder.toRealPath())) {
        throw new CaseFormatException(
            where,
            field + ".file",
            "must stay inside the case's folder but '" + file + "' links to " + real);
      }
      return real;
    } catch (java.io.IOException e) {
      throw new CaseFormatException(
          where, field + ".file", "cannot be read: '" + file + "' (" + e.getMessage() + ")");
    }
  }
}
