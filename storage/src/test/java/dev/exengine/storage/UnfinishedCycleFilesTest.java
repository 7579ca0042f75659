package dev.exengine.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnfinishedCycleFilesTest
{
    /** Chronicle's word for a finished header: metadata, 0xc1 bytes long. */
    private static final int FINISHED = 0x4000_00c1;

    @TempDir
    Path dir;

    @Test
    void shouldSetAsideTheNewestFilesWithoutAHeaderAndNothingElse() throws IOException
    {
        final Path first = cycleFile("20261205F.cq4", FINISHED);
        final Path older = cycleFile("20261204F.cq4", 0);
        final Path zeros = cycleFile("20261206F.cq4", 0);
        final Path claimed = cycleFile("20261207F.cq4", 0x8000_0000);
        final Path shorter = dir.resolve("20261208F.cq4");
        Files.write(shorter, new byte[3]);
        final Path notACycleFile = cycleFile("metadata.cq4t", 0);

        assertEquals(List.of(zeros, claimed, shorter), UnfinishedCycleFiles.find(dir), "found, nothing changed");
        assertTrue(Files.exists(zeros));
        final List<Path> setAside = UnfinishedCycleFiles.setAside(dir);

        assertEquals(List.of(aside(zeros), aside(claimed), aside(shorter)), setAside);
        setAside.forEach(path -> assertTrue(Files.exists(path), path + " kept"));
        assertFalse(Files.exists(zeros));
        assertTrue(Files.exists(first));
        assertTrue(Files.exists(older), "older than a finished file: not a creation cut short, left to the queue");
        assertTrue(Files.exists(notACycleFile));
        assertEquals(List.of(), UnfinishedCycleFiles.setAside(dir), "nothing more the second time");
    }

    @Test
    void shouldLeaveFinishedFilesAndMissingDirectoriesAlone() throws IOException
    {
        cycleFile("19700101F.cq4", FINISHED);
        assertEquals(List.of(), UnfinishedCycleFiles.setAside(dir));
        assertEquals(List.of(), UnfinishedCycleFiles.setAside(dir.resolve("missing")));
    }

    @Test
    void shouldReplaceAFileSetAsideBefore() throws IOException
    {
        cycleFile("19700101F.cq4", 0);
        assertEquals(1, UnfinishedCycleFiles.setAside(dir).size());
        cycleFile("19700101F.cq4", 0x8000_0000);
        assertEquals(List.of(aside(dir.resolve("19700101F.cq4"))), UnfinishedCycleFiles.setAside(dir));
    }

    private Path cycleFile(final String name, final int headerWord) throws IOException
    {
        final Path file = dir.resolve(name);
        Files.write(file, ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN).putInt(0, headerWord).array());
        return file;
    }

    private static Path aside(final Path file)
    {
        return file.resolveSibling(file.getFileName() + UnfinishedCycleFiles.SET_ASIDE_SUFFIX);
    }
}
