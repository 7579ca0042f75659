package dev.exengine.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DurableFilesTest
{
    @TempDir
    Path directory;

    @Test
    void shouldWriteEveryPartInOrderAndLeaveNoTemporaryFile() throws Exception
    {
        final Path file = directory.resolve("state");

        DurableFiles.replace(file, bytes("head:"), bytes("body"));

        assertEquals("head:body", Files.readString(file));
        assertFalse(Files.exists(directory.resolve("state" + DurableFiles.TEMP_SUFFIX)));
    }

    @Test
    void shouldReplaceTheOldContentWhole() throws Exception
    {
        final Path file = directory.resolve("state");
        DurableFiles.replace(file, bytes("a much longer old content"));

        DurableFiles.replace(file, bytes("new"));

        assertEquals("new", Files.readString(file));
    }

    @Test
    void shouldOverwriteATemporaryFileACrashLeftBehind() throws Exception
    {
        final Path file = directory.resolve("state");
        Files.writeString(directory.resolve("state" + DurableFiles.TEMP_SUFFIX), "half written by a crash, longer");

        DurableFiles.replace(file, bytes("whole"));

        assertEquals("whole", Files.readString(file));
    }

    @Test
    void shouldKeepTheOldContentWhenTheNewCannotBeWritten() throws Exception
    {
        final Path file = directory.resolve("state");
        DurableFiles.replace(file, bytes("old"));
        // A directory where the temporary file must go: the write fails before anything is renamed.
        Files.createDirectory(directory.resolve("state" + DurableFiles.TEMP_SUFFIX));

        final UncheckedIOException failure =
            assertThrows(UncheckedIOException.class, () -> DurableFiles.replace(file, bytes("new")));

        assertTrue(failure.getMessage().contains("state"), failure.getMessage());
        assertEquals("old", Files.readString(file));
    }

    @Test
    void shouldNameWhatItCannotForce()
    {
        final Path missing = directory.resolve("missing");

        final UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> DurableFiles.force(missing));

        assertTrue(failure.getMessage().contains(missing.toString()), failure.getMessage());
    }

    @Test
    void shouldMoveAFileByCopyingWhereNoRenameCanAndReplaceAnEarlierCopy() throws Exception
    {
        final Path from = Files.writeString(directory.resolve("cycle"), "records");
        final Path archive = Files.createDirectory(directory.resolve("archive"));
        // A second copy, as a crash after the copy but before the delete leaves one.
        Files.writeString(archive.resolve("cycle"), "records");
        Files.writeString(archive.resolve("cycle" + DurableFiles.TEMP_SUFFIX), "half a copy");

        DurableFiles.copyThenDelete(from, archive.resolve("cycle"));

        assertEquals("records", Files.readString(archive.resolve("cycle")));
        assertFalse(Files.exists(from));
        assertFalse(Files.exists(archive.resolve("cycle" + DurableFiles.TEMP_SUFFIX)));
    }

    @Test
    void shouldKeepTheSourceWhenTheCopyFails() throws Exception
    {
        final Path from = Files.writeString(directory.resolve("cycle"), "records");
        final Path to = directory.resolve("no such directory").resolve("cycle");

        assertThrows(UncheckedIOException.class, () -> DurableFiles.moveFile(from, to));
        assertThrows(UncheckedIOException.class, () -> DurableFiles.copyThenDelete(from, to));

        assertEquals("records", Files.readString(from));
    }

    @Test
    void shouldMoveAFileToAnotherFileSystem() throws Exception
    {
        // /dev/shm is a tmpfs on Linux; where it is the temporary directory's own file system there is nothing to test.
        final Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm) &&
            !Files.getFileStore(shm).equals(Files.getFileStore(directory)));
        final Path from = Files.writeString(Files.createTempFile(shm, "durable-files-test", ".cycle"), "records");
        final Path to = directory.resolve("cycle");
        try
        {
            DurableFiles.moveFile(from, to);

            assertEquals("records", Files.readString(to));
            assertFalse(Files.exists(from));
        }
        finally
        {
            Files.deleteIfExists(from);
        }
    }

    private static ByteBuffer bytes(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
