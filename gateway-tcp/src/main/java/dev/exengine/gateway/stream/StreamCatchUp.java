package dev.exengine.gateway.stream;

import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.EventHistory;
import dev.exengine.gateway.stream.OutboundStore;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.protocol.codec.OutboundEncoder;
import dev.exengine.storage.SequenceMark;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Re-derives, at start, the messages of journaled commands whose replies the previous run may not have stored (the
 * process died between the journal making a command durable and the gateway's thread appending its replies): the
 * commands after the routed-through mark ({@link SequenceMark}) are replayed from the journal and their events go through the same
 * {@link EventRouter} as live ones, straight into the stores. Runs on the gateway's thread before the port is bound.
 *
 * <p>Exactly once: a user's stored engine messages are in journal order (one ring, one gateway thread), so all that
 * a crash can leave half done for a user is the tail of the one command of its newest stored engine message. The
 * replay produces every command's messages in the same order as the live run did (same journal, deterministic logic,
 * same routing), so for each user this skips the commands before that newest stored one, skips as many messages of
 * that command as are stored, and appends the rest. Messages without a journal sequence (query answers, the
 * gateway's own rejects with sequence 0) are not journaled, never re-derived and ignored when counting.
 *
 * <p>The events come from the node's {@link EventHistory} (a replay of the journal), each with its command's origin
 * (who sent it; an admin receives the events of its own commands), read from the journal in the same walk.
 */
final class StreamCatchUp implements EngineOutput, EventRouter.MessageDestination
{
    private static final System.Logger LOG = System.getLogger(StreamCatchUp.class.getName());

    private final EventRouter router;
    private final OutboundStore[] stores;
    /** Where a re-derived message is encoded before it is stored. */
    private final UnsafeBuffer encoded = new UnsafeBuffer(new byte[OutboundEncoder.MAX_MESSAGE_LENGTH]);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[OutboundEncoder.MAX_MESSAGE_LENGTH]);
    /** Per user: whether the store has been looked at, its newest engine sequence and how many messages of it. */
    private final boolean[] scanned;
    private final long[] storedSequence;
    private final long[] storedCount;
    /** Per user: the command being replayed and how many of its messages for the user have gone by. */
    private final long[] replaySequence;
    private final long[] replayCount;
    private long after;
    /** The journal sequence of the command whose events are being stored. */
    private long recordSequence;
    private long appended;

    StreamCatchUp(final UserDirectory users, final OutboundStore[] stores)
    {
        // Queries are not journaled: every answer it derives is one the stream holds.
        this.router = new EventRouter(users, true);
        this.stores = stores;
        final int slots = users.size() + 1;
        this.scanned = new boolean[slots];
        this.storedSequence = new long[slots];
        this.storedCount = new long[slots];
        this.replaySequence = new long[slots];
        this.replayCount = new long[slots];
    }

    /**
     * Stores what the commands after the mark, up to {@code until} (the last command of the engine's recovered
     * state), owe the users, then moves the mark there.
     *
     * @return how many messages were appended.
     * @throws IllegalStateException when the history cannot replay those commands as the run that applied them did;
     *                               the mark stays where it was.
     */
    long run(final EventHistory history, final long until, final SequenceMark mark)
    {
        after = mark.value();
        if (after > until)
        {
            // The journal is shorter than what was routed (a memory-mode engine, or a journal replaced): nothing to
            // re-derive; the mark follows the journal so that its new commands are covered again.
            LOG.log(System.Logger.Level.WARNING, "gateway routed through journal sequence " + after +
                " but the engine recovered only to " + until + "; nothing to catch up");
            mark.set(until);
            return 0;
        }
        if (after == until)
        {
            return 0;
        }
        final long start = System.nanoTime();
        recordSequence = after;
        history.replay(after, until, this);
        mark.advance(until);
        final long stored = appended;
        LOG.log(System.Logger.Level.INFO, () -> String.format(
            "gateway caught up on journal sequences %d..%d: %d messages stored in %.3f s", after + 1, until, stored,
            (System.nanoTime() - start) / 1e9));
        return appended;
    }

    @Override
    public void onEvent(final Event event, final long origin)
    {
        final long sequence = event.sequence();
        if (sequence <= after)
        {
            // Replayed from a snapshot before the mark: stored already.
            return;
        }
        recordSequence = sequence;
        router.route(event, origin, this);
    }

    @Override
    public int claim(final int userIndex, final int length, final boolean inStream)
    {
        return 0;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return encoded;
    }

    @Override
    public void abort(final int index)
    {
    }

    /** Stores the message unless the store holds it already (see the class comment). */
    @Override
    public void commit(final int index, final int userIndex, final int length)
    {
        if (!scanned[userIndex])
        {
            scan(userIndex);
        }
        final long sequence = recordSequence;
        if (sequence < storedSequence[userIndex])
        {
            return;
        }
        if (replaySequence[userIndex] != sequence)
        {
            replaySequence[userIndex] = sequence;
            replayCount[userIndex] = 0;
        }
        replayCount[userIndex]++;
        if (sequence == storedSequence[userIndex] && replayCount[userIndex] <= storedCount[userIndex])
        {
            return;
        }
        stores[userIndex].append(encoded, index, length);
        appended++;
        storedSequence[userIndex] = sequence;
        storedCount[userIndex] = replayCount[userIndex];
    }

    /** Finds the newest engine message in the user's store and counts the stored messages of its command. */
    private void scan(final int userIndex)
    {
        scanned[userIndex] = true;
        final OutboundStore store = stores[userIndex];
        long newest = 0;
        long count = 0;
        try (OutboundStore.Cursor cursor = store.cursor())
        {
            for (long n = store.nextSequence() - 1; n >= 1; n--)
            {
                if (!cursor.seek(n))
                {
                    break;
                }
                final long sequence = engineSequence(cursor.read(scratch, 0, scratch.capacity()));
                if (sequence <= 0)
                {
                    continue;
                }
                if (newest == 0)
                {
                    newest = sequence;
                }
                if (sequence != newest)
                {
                    break;
                }
                count++;
            }
        }
        storedSequence[userIndex] = newest;
        storedCount[userIndex] = count;
    }

    /** @return the journal sequence of the stored message in {@link #scratch} ({@link StoredMessages}). */
    private long engineSequence(final int length)
    {
        return StoredMessages.journalSequence(scratch, length);
    }
}
