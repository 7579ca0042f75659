package dev.exengine.journal;

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

    private static ByteBuffer bytes(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
