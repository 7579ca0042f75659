package dev.exengine.gateway.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutedThroughTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBackTheNewestValueAfterReopening()
    {
        assertEquals(OptionalLong.empty(), RoutedThrough.read(dir), "no file: nothing known, nothing created");
        assertTrue(Files.notExists(dir.resolve(RoutedThrough.FILE_NAME)));
        try (RoutedThrough mark = RoutedThrough.open(dir))
        {
            assertEquals(0, mark.value());
            mark.advance(10);
            mark.advance(7);
            assertEquals(10, mark.value(), "advance never moves back");
            mark.set(12);
            mark.set(11);
        }
        assertEquals(OptionalLong.of(11), RoutedThrough.read(dir));
        try (RoutedThrough mark = RoutedThrough.open(dir))
        {
            assertEquals(11, mark.value());
        }
    }

    @Test
    void shouldFallBackToThePreviousValueWhenTheNewestWriteIsTorn() throws Exception
    {
        try (RoutedThrough mark = RoutedThrough.open(dir))
        {
            mark.set(5);
            mark.set(6);
        }
        // A new file's first write goes to the second slot (bytes 24..47), the next to the first: tear the check of 6.
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(RoutedThrough.FILE_NAME).toFile(), "rw"))
        {
            file.seek(16);
            file.writeLong(0x1234L);
        }
        assertEquals(OptionalLong.of(5), RoutedThrough.read(dir));
        try (RoutedThrough mark = RoutedThrough.open(dir))
        {
            assertEquals(5, mark.value());
            mark.set(8);
        }
        assertEquals(OptionalLong.of(8), RoutedThrough.read(dir), "the next write goes to the torn slot");
    }

    @Test
    void shouldRefuseToReadAFileThatIsNotAMark() throws Exception
    {
        Files.write(dir.resolve(RoutedThrough.FILE_NAME), new byte[3]);
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> RoutedThrough.read(dir));
        assertTrue(thrown.getMessage().contains("holds 3 bytes"), thrown.getMessage());
    }
}
