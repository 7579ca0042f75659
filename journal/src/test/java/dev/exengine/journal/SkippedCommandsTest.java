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
    void shouldReadTheListedSequencesInOrderAndOnceUntilRetired() throws Exception
    {
        assertEquals(List.of(), SkippedCommands.read(dir));
        Files.writeString(dir.resolve(SkippedCommands.FILE_NAME), "42\n7\n\n42\n");
        assertEquals(List.of(7L, 42L), SkippedCommands.read(dir));

        SkippedCommands.retire(dir);
        assertEquals(List.of(), SkippedCommands.read(dir), "a retired file is not read");
        assertEquals("42\n7\n\n42\n",
            Files.readString(dir.resolve(SkippedCommands.FILE_NAME + SkippedCommands.RETIRED_SUFFIX)), "kept as it was");
        SkippedCommands.retire(dir);
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
