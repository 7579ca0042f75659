package dev.exengine.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import java.util.zip.CRC32C;

import static dev.exengine.journal.JournalRecordDescriptor.*;

/** Test helpers that write records with recognisable payloads and damage them on disk. */
final class JournalFiles
{
    static final int PAGE = 4096;

    private JournalFiles()
    {
    }

    static ByteBuffer payload(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    static String marker(final long sequence)
    {
        return String.format("<<marker-%08d>>", sequence);
    }

    static void appendMarked(final CommandJournal journal, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long sequence = journal.nextSequence();
            final ByteBuffer payload = payload(marker(sequence));
            journal.append(1_000 + sequence, 7, payload, 0, payload.remaining());
        }
    }

    static Path onlyCycleFile(final Path directory)
    {
        final List<JournalInfo.CycleFile> files = JournalInfo.cycleFiles(directory);
        if (files.size() != 1)
        {
            throw new IllegalStateException("expected one cycle file, found " + files);
        }
        return files.get(0).path();
    }

    /** Offset in the cycle file of the first byte of the record whose payload is the marker of {@code sequence}. */
    static long recordOffset(final Path cycleFile, final long sequence) throws IOException
    {
        final byte[] file = Files.readAllBytes(cycleFile);
        final byte[] marker = marker(sequence).getBytes(StandardCharsets.US_ASCII);
        long found = -1;
        for (int i = 0; i + marker.length <= file.length; i++)
        {
            int j = 0;
            while (j < marker.length && file[i + j] == marker[j])
            {
                j++;
            }
            if (j == marker.length)
            {
                if (found >= 0)
                {
                    throw new IllegalStateException("marker found twice");
                }
                found = i;
            }
        }
        if (found < 0)
        {
            throw new IllegalStateException("marker not found: " + marker(sequence));
        }
        return found - PAYLOAD_OFFSET;
    }

    /** How many Chronicle documents (committed batches) the journal holds. */
    static long documentCount(final Path directory)
    {
        long count = 0;
        try (SingleChronicleQueue queue = JournalQueues.open(directory, SystemTimeProvider.INSTANCE);
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return count;
                    }
                    count++;
                }
            }
        }
    }

    /** Zeroes {@code length} bytes from the first byte of the record of {@code sequence}, as unwritten pages would. */
    static void zeroFromRecord(final Path cycleFile, final long sequence, final int length) throws IOException
    {
        zero(cycleFile, recordOffset(cycleFile, sequence), length);
    }

    /** Cuts the cycle file short in the middle of the record of {@code sequence}, as an interrupted copy would. */
    static void truncateInsideRecord(final Path cycleFile, final long sequence) throws IOException
    {
        final long offset = recordOffset(cycleFile, sequence) + PAYLOAD_OFFSET + 3;
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.WRITE))
        {
            channel.truncate(offset);
        }
    }

    /**
     * Zeroes the last {@code pages} 4 KiB pages that hold anything, as a power loss leaves the pages of a memory-mapped
     * file that were never written back.
     */
    static void zeroLastPages(final Path cycleFile, final int pages) throws IOException
    {
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
    static void zeroIndexPage(final Path cycleFile) throws IOException
    {
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

    static void zero(final Path file, final long offset, final int length) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(length), offset);
        }
    }

    /** A hash of every file under the directory, by name and content, to show that something changed nothing. */
    static String contentHash(final Path directory) throws IOException
    {
        final MessageDigest digest = sha256();
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

    static void flipPayloadByte(final Path cycleFile, final long sequence) throws IOException
    {
        final long offset = recordOffset(cycleFile, sequence) + PAYLOAD_OFFSET + 3;
        final ByteBuffer one = ByteBuffer.allocate(1);
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            channel.read(one, offset);
            one.put(0, (byte)(one.get(0) ^ 0x5A)).position(0);
            channel.write(one, offset);
        }
    }

    /** Rewrites the record's format version and recomputes its CRC, as a newer writer would have produced it. */
    static void rewriteVersion(final Path cycleFile, final long sequence, final short version) throws IOException
    {
        final long offset = recordOffset(cycleFile, sequence);
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(BYTE_ORDER);
            channel.read(header, offset);
            final int payloadLength = header.getInt(PAYLOAD_LENGTH_OFFSET);
            final ByteBuffer record = ByteBuffer.allocate(recordLength(payloadLength)).order(BYTE_ORDER);
            channel.read(record, offset);
            record.putShort(VERSION_OFFSET, version);
            final CRC32C crc = new CRC32C();
            crc.update(record.array(), 0, crcOffset(payloadLength));
            record.putInt(crcOffset(payloadLength), (int)crc.getValue());
            channel.write(record.position(0), offset);
        }
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
