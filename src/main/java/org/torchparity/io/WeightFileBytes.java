package org.torchparity.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Reads a weight file once, whole, into one array: the parsers then verify and decode exactly these
 * bytes, so nothing the file does afterwards (grow, shrink, be replaced) can make the checked bytes
 * and the decoded bytes differ. Only regular files are opened, after resolving symlinks, and the
 * read is bounded by {@link WeightLimits#maxFileBytes()} whatever size the file system reports (a
 * symlink to {@code /dev/zero} is refused before it is opened). Nothing is memory-mapped, so a file
 * truncated while it is read is a refusal, not a SIGBUS.
 */
final class WeightFileBytes {
  private WeightFileBytes() {}

  static byte[] read(Path file, WeightLimits limits) {
    Path real;
    BasicFileAttributes attributes;
    try {
      real = file.toRealPath();
      attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new StateDictException(file, null, "cannot read it: no such file");
    } catch (IOException e) {
      throw new StateDictException(file, null, "cannot read it: " + e);
    }
    if (!attributes.isRegularFile()) {
      String kind =
          attributes.isDirectory()
              ? "a directory"
              : attributes.isSymbolicLink() ? "a symbolic link" : "a device, pipe or socket";
      String where = real.equals(file.toAbsolutePath()) ? "" : " (it resolves to " + real + ")";
      throw new StateDictException(file, null, "expected a regular file but it is " + kind + where);
    }
    limits.checkFileBytes(file, attributes.size());
    try (SeekableByteChannel channel =
        Files.newByteChannel(real, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      long size = channel.size();
      limits.checkFileBytes(file, size);
      byte[] bytes = new byte[(int) size];
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          throw new StateDictException(
              file,
              null,
              "the file shrank while it was read: "
                  + buffer.position()
                  + " of the "
                  + size
                  + " bytes it had");
        }
      }
      if (channel.read(ByteBuffer.allocate(1)) > 0) {
        throw new StateDictException(
            file, null, "the file grew while it was read, past the " + size + " bytes it had");
      }
      return bytes;
    } catch (IOException e) {
      throw new StateDictException(file, null, "cannot read it: " + e);
    }
  }
}
