package dev.exengine.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceMarkTest
{
    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void setUp()
    {
        file = dir.resolve("mark");
    }

    @Test
    void shouldReadBackTheNewestValueAfterReopening()
    {
        assertEquals(OptionalLong.empty(), SequenceMark.read(file), "no file: nothing known, nothing created");
        assertTrue(Files.notExists(file));
        try (SequenceMark mark = SequenceMark.open(file))
        {
            assertEquals(0, mark.value());
            mark.advance(10);
            mark.advance(7);
            assertEquals(10, mark.value(), "advance never moves back");
            mark.set(12);
            mark.set(11);
        }
        assertEquals(OptionalLong.of(11), SequenceMark.read(file));
        try (SequenceMark mark = SequenceMark.open(file))
        {
            assertEquals(11, mark.value());
        }
    }

    @Test
    void shouldFallBackToThePreviousValueWhenTheNewestWriteIsTorn() throws Exception
    {
        try (SequenceMark mark = SequenceMark.open(file))
        {
            mark.set(5);
            mark.set(6);
        }
        // A new file's first write goes to the second slot (bytes 24..47), the next to the first: tear the check of 6.
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
        {
            raw.seek(16);
            raw.writeLong(0x1234L);
        }
        assertEquals(OptionalLong.of(5), SequenceMark.read(file));
        try (SequenceMark mark = SequenceMark.open(file))
        {
            assertEquals(5, mark.value());
            mark.set(8);
        }
        assertEquals(OptionalLong.of(8), SequenceMark.read(file), "the next write goes to the torn slot");
    }

    @Test
    void shouldRefuseToReadAFileThatIsNotAMark() throws Exception
    {
        Files.write(file, new byte[3]);
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> SequenceMark.read(file));
        assertTrue(thrown.getMessage().contains("holds 3 bytes"), thrown.getMessage());
    }
}
