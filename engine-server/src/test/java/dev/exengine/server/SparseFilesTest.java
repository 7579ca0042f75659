package dev.exengine.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparseFilesTest
{
    private static final long LENGTH = 80L << 20;

    @TempDir
    Path dir;

    @Test
    void shouldCopyAn80MibFileOfAFewBytesAsAFewBlocks() throws IOException
    {
        final Path from = dir.resolve("from.cq4");
        try (FileChannel file = FileChannel.open(from, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            file.write(ByteBuffer.wrap("head".getBytes()), 0);
            file.write(ByteBuffer.wrap("middle".getBytes()), 40L << 20);
            // Ends in a hole: the copy's length comes from its last byte.
            file.write(ByteBuffer.wrap(new byte[] {0}), LENGTH - 1);
        }
        final Path to = dir.resolve("to.cq4");

        final long written = SparseFiles.copy(from, to);

        assertEquals(LENGTH, Files.size(to));
        assertEquals(2L * (64 << 10), written, "two blocks hold something");
        assertArrayEquals(Files.readAllBytes(from), Files.readAllBytes(to));
        assertTrue(allocatedBytes(to) < 1 << 20, "allocated " + allocatedBytes(to) + " bytes of " + LENGTH);
    }

    @Test
    void shouldCopyAnEmptyFile() throws IOException
    {
        final Path from = Files.createFile(dir.resolve("empty"));

        assertEquals(0, SparseFiles.copy(from, dir.resolve("copy")));
        assertEquals(0, Files.size(dir.resolve("copy")));
    }

    /** What the file system allocated for the file: stat's block count, in 512-byte units. */
    private static long allocatedBytes(final Path file) throws IOException
    {
        final Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
        try
        {
            final String blocks = new String(stat.getInputStream().readAllBytes()).trim();
            assertEquals(0, stat.waitFor(), blocks);
            return Long.parseLong(blocks) * 512;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
    }
}
