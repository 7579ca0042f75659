package dev.exengine.gateway.server;

import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import dev.exengine.gateway.auth.UserDirectory;
import dev.exengine.gateway.codec.OutboundEncoder;
import dev.exengine.gateway.sbe.AdminResultDecoder;
import dev.exengine.gateway.sbe.BalanceUpdateDecoder;
import dev.exengine.gateway.sbe.CancelRejectedDecoder;
import dev.exengine.gateway.sbe.MassCancelDoneDecoder;
import dev.exengine.gateway.sbe.MessageHeaderDecoder;
import dev.exengine.gateway.sbe.OrderAcceptedDecoder;
import dev.exengine.gateway.sbe.OrderCanceledDecoder;
import dev.exengine.gateway.sbe.OrderRejectedDecoder;
import dev.exengine.gateway.sbe.OrderReplacedDecoder;
import dev.exengine.gateway.sbe.TradeDecoder;
import dev.exengine.gateway.sbe.TransferResultDecoder;
import dev.exengine.gateway.session.OutboundStore;
import dev.exengine.gateway.session.RoutedThrough;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.JournalRecordHandler;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.recovery.JournalReplay;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Re-derives, at start, the messages of journaled commands whose replies the previous run may not have stored (the
 * process died between the journal making a command durable and the server thread appending its replies): the
 * commands after the {@link RoutedThrough} mark are replayed from the journal and their events go through the same
 * {@link EventRouter} as live ones, straight into the stores. Runs on the server thread before the port is bound.
 *
 * <p>Exactly once: a user's stored engine messages are in journal order (one ring, one server thread), so all that
 * a crash can leave half done for a user is the tail of the one command of its newest stored engine message. The
 * replay produces every command's messages in the same order as the live run did (same journal, deterministic logic,
 * same routing), so for each user this skips the commands before that newest stored one, skips as many messages of
 * that command as are stored, and appends the rest. Messages without a journal sequence (query answers, the
 * gateway's own rejects with sequence 0) are not journaled, never re-derived and ignored when counting.
 *
 * <p>The origin of a command (who sent it; an admin receives the events of its own commands) is not in the events:
 * it is read from the journal record alongside, with a second reader that follows the replay.
 */
final class CatchUp implements EventListener, JournalRecordHandler
{
    private static final System.Logger LOG = System.getLogger(CatchUp.class.getName());

    private final EventRouter router;
    private final OutboundStore[] stores;
    private final EventRouter.MessageSink sink = this::store;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[OutboundEncoder.MAX_MESSAGE_LENGTH]);
    /** Per user: whether the store has been looked at, its newest engine sequence and how many messages of it. */
    private final boolean[] scanned;
    private final long[] storedSequence;
    private final long[] storedCount;
    /** Per user: the command being replayed and how many of its messages for the user have gone by. */
    private final long[] replaySequence;
    private final long[] replayCount;
    private JournalReader journal;
    private long after;
    private long recordSequence;
    private long recordOrigin;
    private long appended;

    CatchUp(final UserDirectory users, final OutboundStore[] stores)
    {
        this.router = new EventRouter(users);
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
     */
    long run(final EngineConfig engine, final long until, final RoutedThrough mark)
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
        try (JournalReader reader = JournalReader.open(engine.journalDirectory()))
        {
            if (!reader.seek(after + 1))
            {
                throw new IllegalStateException("journal " + engine.journalDirectory() + " does not hold sequence " +
                    (after + 1) + ", the first after the gateway's routed-through mark");
            }
            journal = reader;
            recordSequence = after;
            // Every command it meets was applied by a run (the engine's start-up replay began at a later snapshot, or
            // at this one): one that fails now means the messages derived would not be those the run sent. The
            // gateway's start then fails, with the mark where it was.
            JournalReplay.of(engine.journalDirectory())
                .snapshots(engine.snapshotDirectory())
                .eventsAfter(after)
                .untilSequence(until)
                .listener(this)
                .failFast()
                .run();
        }
        finally
        {
            journal = null;
        }
        mark.advance(until);
        final long stored = appended;
        LOG.log(System.Logger.Level.INFO, () -> String.format(
            "gateway caught up on journal sequences %d..%d: %d messages stored in %.3f s", after + 1, until, stored,
            (System.nanoTime() - start) / 1e9));
        return appended;
    }

    @Override
    public void onEvent(final Event event)
    {
        final long sequence = event.sequence();
        if (sequence <= after)
        {
            // Replayed from a snapshot before the mark: stored already.
            return;
        }
        router.route(event, originOf(sequence), sink);
    }

    @Override
    public void onRecord(
        final long sequence, final long timestamp, final long origin, final ByteBuffer buffer, final int offset,
        final int length)
    {
        recordSequence = sequence;
        recordOrigin = origin;
    }

    private long originOf(final long sequence)
    {
        while (recordSequence < sequence)
        {
            if (journal.poll(this, 1) == 0)
            {
                throw new IllegalStateException("journal ends before sequence " + sequence + " that was replayed");
            }
        }
        if (recordSequence != sequence)
        {
            throw new IllegalStateException("events of journal sequence " + sequence + " arrived after those of " +
                recordSequence);
        }
        return recordOrigin;
    }

    private void store(final int userIndex, final DirectBuffer buffer, final int offset, final int length)
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
        stores[userIndex].append(buffer, offset, length);
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

    /**
     * @return the journal sequence of the stored message in {@link #scratch}; 0 for a gateway answer and for the
     * messages that carry none (query answers, ProtocolReject).
     */
    private long engineSequence(final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return 0;
        }
        header.wrap(scratch, 0);
        final int fieldOffset = switch (header.templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID -> OrderAcceptedDecoder.sequenceEncodingOffset();
            case OrderRejectedDecoder.TEMPLATE_ID -> OrderRejectedDecoder.sequenceEncodingOffset();
            case TradeDecoder.TEMPLATE_ID -> TradeDecoder.sequenceEncodingOffset();
            case OrderCanceledDecoder.TEMPLATE_ID -> OrderCanceledDecoder.sequenceEncodingOffset();
            case OrderReplacedDecoder.TEMPLATE_ID -> OrderReplacedDecoder.sequenceEncodingOffset();
            case CancelRejectedDecoder.TEMPLATE_ID -> CancelRejectedDecoder.sequenceEncodingOffset();
            case MassCancelDoneDecoder.TEMPLATE_ID -> MassCancelDoneDecoder.sequenceEncodingOffset();
            case TransferResultDecoder.TEMPLATE_ID -> TransferResultDecoder.sequenceEncodingOffset();
            case BalanceUpdateDecoder.TEMPLATE_ID -> BalanceUpdateDecoder.sequenceEncodingOffset();
            case AdminResultDecoder.TEMPLATE_ID -> AdminResultDecoder.sequenceEncodingOffset();
            default -> -1;
        };
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH + fieldOffset;
        if (fieldOffset < 0 || length < offset + Long.BYTES)
        {
            return 0;
        }
        return scratch.getLong(offset, OrderAcceptedDecoder.BYTE_ORDER);
    }
}
