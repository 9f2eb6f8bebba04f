package org.torchparity.parity;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;

/**
 * Writes report files into a folder without ever leaving it: a name in the folder that is a
 * symbolic link (planted to make the report overwrite a file elsewhere), a directory, a device or a
 * FIFO (which would block the writer) is refused, and each file is opened with {@link
 * LinkOption#NOFOLLOW_LINKS} so that a link planted between the check and the write fails the write
 * instead of being followed. The folder itself may be a link the user named; it is resolved once,
 * and every file is written inside its real path.
 *
 * <p>{@link #problem} checks a folder before any work starts, so that a command refuses a bad
 * output path up front instead of after a long run; write errors name the file and the cause.
 */
public final class ReportFiles {
  private ReportFiles() {}

  /**
   * Tells what is wrong with writing {@code names} into {@code folder}, without writing anything.
   * The folder may be missing when its parent is a directory (it is created then); an existing name
   * must be a regular file and not a link.
   *
   * @param folder the folder
   * @param names the file names to be written in it
   * @return what is wrong, in words that name the path, or {@code null} when nothing is
   */
  public static String problem(Path folder, Collection<String> names) {
    if (Files.isDirectory(folder)) {
      if (!Files.isWritable(folder)) {
        return "'" + folder + "' is a folder that cannot be written to";
      }
      for (String name : names) {
        String wrong = fileProblem(folder.resolve(name));
        if (wrong != null) {
          return wrong;
        }
      }
      return null;
    }
    if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      String what =
          Files.isSymbolicLink(folder)
              ? "a symbolic link that leads to no folder"
              : Files.isRegularFile(folder) ? "a regular file" : "a device or pipe";
      return "'" + folder + "' is " + what + ", not a folder";
    }
    Path parent = folder.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return "the folder '"
          + (parent == null ? folder : parent)
          + "' does not exist (only the last folder of '"
          + folder
          + "' is created)";
    }
    if (!Files.isWritable(parent)) {
      return "'" + folder + "' cannot be created: '" + parent + "' cannot be written to";
    }
    return null;
  }

  /**
   * Tells what is wrong with writing the file {@code file}: its folder must exist and be writable;
   * the file itself, if it exists, must be a regular file and not a link.
   *
   * @param file the file
   * @return what is wrong, or {@code null}
   */
  public static String fileProblem(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return "the folder '" + (parent == null ? file : parent) + "' does not exist";
    }
    if (!Files.isWritable(parent)) {
      return "the folder '" + parent + "' cannot be written to";
    }
    if (Files.isSymbolicLink(file)) {
      return "'"
          + file
          + "' is a symbolic link; torch-parity does not write through links (remove it or choose"
          + " another path)";
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return "'"
          + file
          + "' exists and is not a regular file ("
          + (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "a folder" : "a device or pipe")
          + ")";
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isWritable(file)) {
      return "'" + file + "' cannot be written to";
    }
    return null;
  }

  /**
   * Creates {@code folder} if it is missing (not its parents) and returns its real path.
   *
   * @param folder the report folder
   * @param names the files that will be written in it, checked as {@link #problem} does
   * @return the folder's real path
   * @throws IOException naming the folder and the cause
   */
  public static Path prepare(Path folder, Collection<String> names) throws IOException {
    String wrong = problem(folder, names);
    if (wrong != null) {
      throw new IOException("cannot write the report: " + wrong);
    }
    try {
      if (!Files.isDirectory(folder)) {
        Files.createDirectory(folder);
      }
      return folder.toRealPath();
    } catch (IOException e) {
      throw new IOException("cannot create the folder " + describe(folder, e), e);
    }
  }

  /**
   * Writes {@code text} as UTF-8 into {@code name} inside {@code realFolder}, refusing a link or a
   * file that is not regular.
   *
   * @param realFolder a folder's real path (from {@link #prepare})
   * @param name a file name, without separators
   * @param text the content
   * @return the file written
   * @throws IOException naming the file and the cause
   */
  public static Path write(Path realFolder, String name, String text) throws IOException {
    Path file = realFolder.resolve(name);
    if (!file.normalize().getParent().equals(realFolder.normalize())) {
      throw new IOException("cannot write '" + name + "': not a plain file name in " + realFolder);
    }
    String wrong = fileProblem(file);
    if (wrong != null) {
      throw new IOException("cannot write " + file + ": " + wrong);
    }
    try (OutputStream out =
        Files.newOutputStream(
            file,
            LinkOption.NOFOLLOW_LINKS,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException("cannot write " + describe(file, e), e);
    }
    return file;
  }

  /**
   * Says what went wrong with a path: {@code /x/report.json: permission denied
   * (AccessDeniedException)}. A {@link FileSystemException}'s own message is often the path alone.
   *
   * @param path the path
   * @param e the error
   * @return the path and the cause
   */
  public static String describe(Path path, IOException e) {
    String reason;
    if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof NoSuchFileException) {
      reason = "no such file or folder";
    } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
      reason = fs.getReason();
    } else if (e.getMessage() != null && !e.getMessage().equals(path.toString())) {
      reason = e.getMessage();
    } else {
      reason = "I/O error";
    }
    return path + ": " + reason + " (" + e.getClass().getSimpleName() + ")";
  }
}
