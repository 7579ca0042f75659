package dev.exengine.replay;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The epochs of a journal: each START_EPOCH record (a promotion) starts one, and the records before the first belong to
 * epoch 0. Two nodes share a history up to the first sequence where their epochs part ({@link #forkPoint}): that is
 * how a standby tells a primary whose history it continues from one it does not. Immutable; {@link #then} makes the
 * history with one more epoch.
 */
public final class EpochHistory
{
    /**
     * @param epoch         the epoch's number.
     * @param startSequence the journal sequence of its START_EPOCH record (1 for epoch 0).
     */
    public record Epoch(long epoch, long startSequence)
    {
    }

    private static final int POLL_LIMIT = 4096;

    private final List<Epoch> epochs;

    private EpochHistory(final List<Epoch> epochs)
    {
        this.epochs = List.copyOf(epochs);
    }

    /** A journal that never had a promotion. */
    public static EpochHistory initial()
    {
        return new EpochHistory(List.of(new Epoch(0, 1)));
    }

    /** The history of these epochs, oldest first, epoch 0 at sequence 1 first. */
    public static EpochHistory of(final List<Epoch> epochs)
    {
        if (epochs.isEmpty() || epochs.get(0).epoch() != 0 || epochs.get(0).startSequence() != 1)
        {
            throw new IllegalArgumentException("an epoch history starts with epoch 0 at sequence 1: " + epochs);
        }
        for (int i = 1; i < epochs.size(); i++)
        {
            // An epoch may start where the one before it did: that one journaled nothing (a promotion on an empty
            // journal).
            if (epochs.get(i).epoch() <= epochs.get(i - 1).epoch() ||
                epochs.get(i).startSequence() < epochs.get(i - 1).startSequence())
            {
                throw new IllegalArgumentException("epochs out of order: " + epochs);
            }
        }
        return new EpochHistory(epochs);
    }

    /** Reads the START_EPOCH records of the journal in {@code journalDirectory}, from its start to its end. */
    public static EpochHistory read(final Path journalDirectory)
    {
        final List<Epoch> epochs = new ArrayList<>();
        epochs.add(new Epoch(0, 1));
        final Command command = new Command();
        final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
        final byte code = CommandType.START_EPOCH.code();
        try (JournalReader reader = JournalReader.openReadOnly(journalDirectory))
        {
            while (reader.poll((sequence, timestamp, origin, buffer, offset, length) ->
            {
                if (length > 0 && buffer.get(offset) == code)
                {
                    payload.wrap(buffer, offset, length);
                    if (CommandCodec.decode(payload, 0, length, command) != CommandCodec.MALFORMED)
                    {
                        epochs.add(new Epoch(command.epoch(), sequence));
                    }
                }
            }, POLL_LIMIT) > 0)
            {
                // To the journal's end.
            }
        }
        return of(epochs);
    }

    public List<Epoch> epochs()
    {
        return epochs;
    }

    /** The epoch the journal's newest records belong to. */
    public long current()
    {
        return epochs.get(epochs.size() - 1).epoch();
    }

    /** The history with one more epoch, started by a START_EPOCH record at {@code startSequence}. */
    public EpochHistory then(final long epoch, final long startSequence)
    {
        final List<Epoch> longer = new ArrayList<>(epochs);
        longer.add(new Epoch(epoch, startSequence));
        return of(longer);
    }

    /**
     * Where the journal of this history, ending at {@code lastSequence}, stops being the journal of {@code other}
     * (ending at {@code otherLast}), as far as epochs tell: the first sequence of this journal that the other does not
     * have as its own. Records within one epoch are assumed the same; a node that lost records and journaled others in
     * their place in the same epoch is not told apart here.
     *
     * @return the first sequence that differs, or 0 when this journal is the other's or a beginning of it.
     */
    public long forkPoint(final long lastSequence, final EpochHistory other, final long otherLast)
    {
        final int common = Math.min(epochs.size(), other.epochs.size());
        for (int i = 0; i < common; i++)
        {
            final Epoch mine = epochs.get(i);
            final Epoch theirs = other.epochs.get(i);
            if (!mine.equals(theirs))
            {
                final long parting = Math.min(mine.startSequence(), theirs.startSequence());
                return parting <= lastSequence ? parting : 0;
            }
        }
        if (epochs.size() > common)
        {
            // This journal went on into an epoch the other never saw.
            final long parting = epochs.get(common).startSequence();
            return parting <= lastSequence ? parting : 0;
        }
        if (other.epochs.size() > common && other.epochs.get(common).startSequence() <= lastSequence)
        {
            // The other started an epoch where this journal still has records of the older one.
            return other.epochs.get(common).startSequence();
        }
        return lastSequence > otherLast ? otherLast + 1 : 0;
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder();
        for (final Epoch epoch : epochs)
        {
            text.append(text.length() == 0 ? "" : ", ").append("epoch ").append(epoch.epoch()).append(" from ")
                .append(epoch.startSequence());
        }
        return text.toString();
    }
}
