package dev.exengine.storage;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * A journal sequence persisted in a small memory-mapped file, for a reader of the journal that must know after a
 * crash how far it had got: the gateway's "routed through" mark, the highest journal sequence J such that every
 * message derived from every command up to J has been stored in the users' streams. Its owner writes it only after
 * the work it covers is done, so it may lag the truth (that costs a longer catch-up) but never run ahead of it.
 *
 * <p>Why two slots: each holds the value, a write count and a check of both; writes alternate between them and the
 * valid slot with the higher count wins, so a process killed in the middle of a write leaves the other slot valid
 * with the previous value, never a torn one. Like the
 * Chronicle stores, the mapping survives a killed process; nothing is forced to the device. Single-threaded.
 */
public final class SequenceMark implements AutoCloseable
{
    private static final int SLOT_LENGTH = 24;
    private static final int FILE_LENGTH = 2 * SLOT_LENGTH;
    private static final long CHECK_SALT = 0x5EC0_7E0A_11CE_D00DL;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private long value;
    private long writes;
    private int nextSlot;

    private SequenceMark(final MappedByteBuffer mapped)
    {
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        final int newest = newestSlot(buffer);
        this.writes = Math.max(0, writesIn(buffer, newest));
        this.value = valueIn(buffer, newest);
        this.nextSlot = newest ^ 1;
    }

    /**
     * The mark in {@code file}, read without creating or changing anything (for operator tools while its owner is
     * stopped); empty when there is no such file.
     *
     * @throws IllegalStateException when the file is not the size of a mark.
     */
    public static OptionalLong read(final Path file)
    {
        if (!Files.exists(file))
        {
            return OptionalLong.empty();
        }
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        if (bytes.length != FILE_LENGTH)
        {
            throw new IllegalStateException(file + " holds " + bytes.length + " bytes, not the " + FILE_LENGTH +
                " of a sequence mark");
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        return OptionalLong.of(valueIn(buffer, newestSlot(buffer)));
    }

    /** Opens the mark in {@code file}, creating it when absent: a new file reads as 0 (nothing done yet). */
    public static SequenceMark open(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file,
            StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            return new SequenceMark(channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_LENGTH));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + file, ex);
        }
    }

    /** The journal sequence through which the work is done; 0 when nothing is known. */
    public long value()
    {
        return value;
    }

    /** Moves the mark forward; a value not above the current one changes nothing. */
    public void advance(final long journalSequence)
    {
        if (journalSequence > value)
        {
            set(journalSequence);
        }
    }

    /** Sets the mark, also backwards (when the journal turned out to be shorter than the mark). */
    public void set(final long journalSequence)
    {
        final int offset = nextSlot * SLOT_LENGTH;
        writes++;
        // Ordered stores: the check must never reach memory before what it checks.
        buffer.putLongOrdered(offset, journalSequence);
        buffer.putLongOrdered(offset + 8, writes);
        buffer.putLongOrdered(offset + 16, check(journalSequence, writes));
        value = journalSequence;
        nextSlot ^= 1;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }

    /** The slot with the higher write count (0 when neither holds a whole write). */
    private static int newestSlot(final AtomicBuffer buffer)
    {
        return writesIn(buffer, 0) >= writesIn(buffer, 1) ? 0 : 1;
    }

    private static long valueIn(final AtomicBuffer buffer, final int slot)
    {
        return writesIn(buffer, slot) > 0 ? buffer.getLong(slot * SLOT_LENGTH) : 0;
    }

    /** @return the slot's write count, or -1 when the slot is empty or does not hold a whole write. */
    private static long writesIn(final AtomicBuffer buffer, final int slot)
    {
        final long stored = buffer.getLongVolatile(slot * SLOT_LENGTH);
        final long count = buffer.getLongVolatile(slot * SLOT_LENGTH + 8);
        final long check = buffer.getLongVolatile(slot * SLOT_LENGTH + 16);
        return check == check(stored, count) && stored >= 0 && count > 0 ? count : -1;
    }

    private static long check(final long value, final long writes)
    {
        return Long.rotateLeft(value * 0x9E37_79B9_7F4A_7C15L, 31) ^ (writes * 0xC2B2_AE3D_27D4_EB4FL) ^ CHECK_SALT;
    }
}
