package dev.exengine.pipeline;

import dev.exengine.journal.JournalInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static dev.exengine.journal.JournalRecordDescriptor.CURRENT_VERSION;
import static dev.exengine.journal.JournalRecordDescriptor.PAYLOAD_OFFSET;

/**
 * Damages a journal on disk the way a failing disk or a crash would, for recovery tests.
 */
final class JournalDamage
{
    private JournalDamage()
    {
    }

    /**
     * Flips one payload byte of the record with this sequence, so that its CRC no longer matches.
     */
    static void flipPayloadByte(final Path journalDirectory, final long sequence) throws IOException
    {
        final Path cycleFile = onlyCycleFile(journalDirectory);
        final long offset = recordOffset(cycleFile, sequence) + PAYLOAD_OFFSET + 1;
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte)(one.get(0) ^ 0x5A)).position(0);
            channel.write(one, offset);
        }
    }

    /**
     * Marks the journal as written by a newer format version than this code knows.
     */
    static void claimNewerFormat(final Path journalDirectory) throws IOException
    {
        final Path meta = journalDirectory.resolve("journal.meta");
        Files.writeString(meta, Files.readString(meta).replace("formatVersion=" + CURRENT_VERSION, "formatVersion=99"));
    }

    private static Path onlyCycleFile(final Path journalDirectory)
    {
        final List<JournalInfo.CycleFile> files = JournalInfo.read(journalDirectory).cycleFiles();
        if (files.size() != 1)
        {
            throw new IllegalStateException("expected one cycle file, found " + files);
        }
        return files.get(0).path();
    }

    /**
     * Finds the record by its header's version and sequence fields, wherever it sits inside its batch document;
     * fails unless exactly one place matches.
     */
    private static long recordOffset(final Path cycleFile, final long sequence) throws IOException
    {
        final byte[] file = Files.readAllBytes(cycleFile);
        final byte[] header = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN)
            .putShort(CURRENT_VERSION).putLong(sequence).array();
        long found = -1;
        for (int i = 0; i + header.length <= file.length; i++)
        {
            int j = 0;
            while (j < header.length && file[i + j] == header[j])
            {
                j++;
            }
            if (j == header.length)
            {
                if (found >= 0)
                {
                    throw new IllegalStateException("record header of sequence " + sequence + " found twice");
                }
                found = i;
            }
        }
        if (found < 0)
        {
            throw new IllegalStateException("record " + sequence + " not found in " + cycleFile);
        }
        return found;
    }
}
