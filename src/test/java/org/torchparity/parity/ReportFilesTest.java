package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
  @Test
  void writesInsideTheFolderAndCreatesOnlyItsLastLevel(@TempDir Path dir) throws IOException {
    Path folder = ReportFiles.prepare(dir.resolve("report"), List.of("a.txt"));
    Path file = ReportFiles.write(folder, "a.txt", "hello");
    assertThat(file).hasContent("hello");
    ReportFiles.write(folder, "a.txt", "again");
    assertThat(file).hasContent("again");
    assertThatThrownBy(() -> ReportFiles.prepare(dir.resolve("x").resolve("y"), List.of()))
        .hasMessageContaining("the folder '" + dir.resolve("x") + "' does not exist");
  }

  @Test
  void aLinkPlantedAfterTheCheckIsNotFollowed(@TempDir Path dir) throws IOException {
    Path outside = Files.writeString(dir.resolve("outside"), "mine");
    Path folder = ReportFiles.prepare(dir.resolve("report"), List.of("report.md"));
    Files.createSymbolicLink(folder.resolve("report.md"), outside);
    assertThatThrownBy(() -> ReportFiles.write(folder, "report.md", "overwritten?"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(folder.resolve("report.md") + "' is a symbolic link");
    assertThat(outside).hasContent("mine");
    assertThatThrownBy(() -> ReportFiles.write(folder, "../outside", "escaped?"))
        .hasMessageContaining("not a plain file name");
    assertThat(outside).hasContent("mine");
  }

  @Test
  void aWriteErrorNamesThePathAndTheCause(@TempDir Path dir) throws IOException {
    Path folder = ReportFiles.prepare(dir.resolve("gone"), List.of());
    Files.delete(folder);
    assertThatThrownBy(() -> ReportFiles.write(folder, "report.json", "{}"))
        .hasMessage(
            "cannot write "
                + folder.resolve("report.json")
                + ": the folder '"
                + folder
                + "' does not exist");
    // A FileSystemException's own message is only the path; the description adds the cause.
    assertThat(ReportFiles.describe(Path.of("/r/x.json"), new AccessDeniedException("/r/x.json")))
        .isEqualTo("/r/x.json: permission denied (AccessDeniedException)");
  }

  @Test
  void foldersThatCannotHoldAReportAreNamed(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "");
    assertThat(ReportFiles.problem(file, List.of()))
        .isEqualTo("'" + file + "' is a regular file, not a folder");
    Path folder = Files.createDirectory(dir.resolve("folder"));
    Files.createDirectory(folder.resolve("report.json"));
    assertThat(ReportFiles.problem(folder, List.of("report.json")))
        .isEqualTo(
            "'" + folder.resolve("report.json") + "' exists and is not a regular file (a folder)");
    assertThat(ReportFiles.problem(dir.resolve("new"), List.of("report.json"))).isNull();
  }
}
