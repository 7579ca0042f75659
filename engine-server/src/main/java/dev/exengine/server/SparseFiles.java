package dev.exengine.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies a file leaving its runs of zeros as holes: a Chronicle queue file is 80 MiB long and holds ~100 KiB, and a
 * plain copy would write all 80 MiB. The copy reads every block (Java has no SEEK_HOLE), writes only the blocks that
 * are not all zeros and sets the length; it is forced to the device.
 */
final class SparseFiles
{
    private static final int BLOCK = 64 << 10;

    private SparseFiles()
    {
    }

    /** @return the bytes written (the length less the holes). */
    static long copy(final Path from, final Path to) throws IOException
    {
        final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        long written = 0;
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            long position = 0;
            int read;
            while ((read = in.read(block.clear(), position)) > 0)
            {
                block.flip();
                if (!allZeros(block))
                {
                    while (block.hasRemaining())
                    {
                        out.write(block, position + block.position());
                    }
                    written += read;
                }
                position += read;
            }
            if (out.size() < position)
            {
                // A file that ends in a hole: its last byte sets its length.
                out.write(ByteBuffer.allocate(1), position - 1);
            }
            out.force(true);
        }
        return written;
    }

    private static boolean allZeros(final ByteBuffer block)
    {
        int i = block.position();
        final int end = block.limit();
        for (; i + Long.BYTES <= end; i += Long.BYTES)
        {
            if (block.getLong(i) != 0)
            {
                return false;
            }
        }
        for (; i < end; i++)
        {
            if (block.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }
}
