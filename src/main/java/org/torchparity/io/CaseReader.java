package org.torchparity.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads {@code torch-parity-case/2} and {@code /1} files strictly: everything the format allows is
 * accepted (scalars or one-element lists in {@code args}, keys in any order, missing optional keys,
 * unbatched inputs, non-finite values as strings), and anything else is refused with a {@link
 * CaseFormatException} naming the file and the field.
 *
 * <p>A reader keeps the weight files its cases referred to while they are unchanged on disk, so
 * that the cases of a recorded model, which share one state-dict file, read it once.
 *
 * <p>Hostile input cannot exhaust the JVM: the file size, nesting depth, string and number lengths,
 * tensor rank and element counts are bounded ({@link Limits}); tensor data streams into primitive
 * arrays without building a tree; a declared shape is checked against the limit before anything is
 * allocated.
 */
public final class CaseReader {
  /** The format this reader reads, and writes. */
  public static final String FORMAT = "torch-parity-case/2";

  /** The first format, still read. */
  public static final String FORMAT_1 = "torch-parity-case/1";

  /**
   * Bounds on what one file may hold.
   *
   * @param maxFileBytes the largest file read
   * @param maxTensorElements the most elements one tensor may hold
   * @param maxTotalElements the most elements all tensors of a file may hold together
   * @param maxRank the highest tensor rank
   * @param maxNestingDepth the deepest JSON nesting
   */
  public record Limits(
      long maxFileBytes,
      long maxTensorElements,
      long maxTotalElements,
      int maxRank,
      int maxNestingDepth) {
    /** 256 MiB files, 16 Mi elements a tensor, 32 Mi a file, rank 8, depth 32. */
    public static final Limits DEFAULT = new Limits(256L << 20, 16L << 20, 32L << 20, 8, 32);
  }

  private final Limits limits;
  private final JsonFactory factory;
  private final WeightFileCache weightFiles = new WeightFileCache();

  /** Creates a reader with {@link Limits#DEFAULT}. */
  public CaseReader() {
    this(Limits.DEFAULT);
  }

  /**
   * Creates a reader with the given limits.
   *
   * @param limits the bounds
   */
  public CaseReader(Limits limits) {
    this.limits = limits;
    this.factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxNumberLength(400)
                    .maxStringLength(1 << 20)
                    .maxNameLength(1 << 10)
                    .maxDocumentLength(limits.maxFileBytes())
                    .build())
            .build();
    this.factory.setCodec(new ObjectMapper(factory));
  }

  /**
   * Lists the case files under the given paths: files as given, directories searched recursively
   * for {@code *.json}, each group sorted by path.
   *
   * @param paths files or directories
   * @return the files
   * @throws IOException when a path does not exist or cannot be listed
   */
  public static List<Path> findCases(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new java.nio.file.NoSuchFileException(
            path.toString(), null, "no such file or directory");
      }
    }
    return files;
  }

  /**
   * Reads one case file.
   *
   * @param file the file
   * @return the case
   * @throws CaseFormatException when the file does not follow the format
   * @throws IOException when it cannot be read
   */
  public ParityCase read(Path file) throws IOException {
    String name = file.toString();
    long size = Files.size(file);
    if (size > limits.maxFileBytes()) {
      throw new CaseFormatException(
          name, "", "file has " + size + " bytes, more than the limit " + limits.maxFileBytes());
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(name, in);
    }
  }

  /**
   * Reads one case from a stream.
   *
   * @param name the name used in error messages
   * @param in the JSON text
   * @return the case
   * @throws CaseFormatException when the text does not follow the format
   * @throws IOException when it cannot be read
   */
  public ParityCase read(String name, InputStream in) throws IOException {
    try (JsonParser parser = factory.createParser(in)) {
      return new CaseParse(name, parser, limits, weightFiles).run();
    } catch (StreamConstraintsException e) {
      throw new CaseFormatException(name, "", "exceeds a reader limit: " + firstLine(e), e);
    } catch (JsonParseException e) {
      throw new CaseFormatException(name, "", "not valid JSON: " + firstLine(e), e);
    }
  }

  static String firstLine(com.fasterxml.jackson.core.JacksonException e) {
    String m = String.valueOf(e.getOriginalMessage());
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }
}
