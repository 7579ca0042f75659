package dev.exengine.pipeline;

import dev.exengine.journal.JournalInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static dev.exengine.journal.JournalRecordDescriptor.CURRENT_VERSION;
import static dev.exengine.journal.JournalRecordDescriptor.PAYLOAD_OFFSET;

/**
 * Damages a journal on disk the way a failing disk or a crash would, for recovery tests.
 */
final class JournalDamage
{
    private static final int PAGE = 4096;

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

    /** Cuts the cycle file short in the middle of the record of {@code sequence}, as an interrupted copy would. */
    static void truncateInsideRecord(final Path journalDirectory, final long sequence) throws IOException
    {
        final Path cycleFile = onlyCycleFile(journalDirectory);
        final long offset = recordOffset(cycleFile, sequence) + PAYLOAD_OFFSET + 1;
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.WRITE))
        {
            channel.truncate(offset);
        }
    }

    /**
     * Zeroes the last {@code pages} 4 KiB pages of the cycle file that hold anything, as a power loss leaves the pages
     * of a memory-mapped file that were never written back.
     */
    static void zeroLastPages(final Path journalDirectory, final int pages) throws IOException
    {
        final Path cycleFile = onlyCycleFile(journalDirectory);
        final byte[] file = Files.readAllBytes(cycleFile);
        int last = file.length - 1;
        while (file[last] == 0)
        {
            last--;
        }
        final long end = (last / PAGE + 1L) * PAGE;
        zero(cycleFile, end - (long)pages * PAGE, pages * PAGE);
    }

    /** Zeroes the page that holds the head of Chronicle's first index array (its field name is "index"). */
    static void zeroIndexPage(final Path journalDirectory) throws IOException
    {
        final Path cycleFile = onlyCycleFile(journalDirectory);
        final byte[] file = Files.readAllBytes(cycleFile);
        final byte[] field = {(byte)0xB9, 5, 'i', 'n', 'd', 'e', 'x'};
        for (int i = 0; i + field.length <= file.length; i++)
        {
            if (Arrays.equals(file, i, i + field.length, field, 0, field.length))
            {
                zero(cycleFile, (long)i / PAGE * PAGE, PAGE);
                return;
            }
        }
        throw new IllegalStateException("no index array in " + cycleFile);
    }

    /** A hash of every file under the directory, by name and content, to show that something changed nothing. */
    static String contentHash(final Path directory) throws IOException
    {
        final MessageDigest digest;
        try
        {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
        try (Stream<Path> files = Files.walk(directory))
        {
            for (final Path file : files.sorted().toList())
            {
                digest.update(directory.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                if (Files.isRegularFile(file))
                {
                    digest.update(Files.readAllBytes(file));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Marks the journal as written by a newer format version than this code knows.
     */
    static void claimNewerFormat(final Path journalDirectory) throws IOException
    {
        final Path meta = journalDirectory.resolve("journal.meta");
        Files.writeString(meta, Files.readString(meta).replace("formatVersion=" + CURRENT_VERSION, "formatVersion=99"));
    }

    static Path onlyCycleFile(final Path journalDirectory)
    {
        final List<JournalInfo.CycleFile> files = JournalInfo.cycleFiles(journalDirectory);
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
    private static void zero(final Path file, final long offset, final int length) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(length), offset);
        }
    }

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
