package dev.exengine.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SkippedCommandsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepTheSkippedSequencesInOrderAndOnce()
    {
        assertEquals(List.of(), SkippedCommands.read(dir));
        SkippedCommands.add(dir, 42);
        SkippedCommands.add(dir, 7);
        SkippedCommands.add(dir, 42);
        assertEquals(List.of(7L, 42L), SkippedCommands.read(dir));
        assertEquals(List.of(), SkippedCommands.forgetAfter(dir, 42));
        assertEquals(List.of(42L), SkippedCommands.forgetAfter(dir, 41));
        assertEquals(List.of(7L), SkippedCommands.read(dir), "what a journal that ends at 41 still has");
    }

    @Test
    void shouldRefuseAFileThatHoldsAnythingElse() throws Exception
    {
        Files.writeString(dir.resolve(SkippedCommands.FILE_NAME), "7\nseven\n");
        final IllegalStateException refused =
            assertThrows(IllegalStateException.class, () -> SkippedCommands.read(dir));
        assertTrue(refused.getMessage().contains("'seven'"), refused.getMessage());
        Files.writeString(dir.resolve(SkippedCommands.FILE_NAME), "0\n");
        assertThrows(IllegalStateException.class, () -> SkippedCommands.read(dir));
    }
}
