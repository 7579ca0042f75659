package dev.exengine.core;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.reference.CommandGenerator;
import dev.exengine.core.reference.ReferenceExchange;
import dev.exengine.core.snapshot.SnapshotFormatException;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The processor is a pure function of its command sequence: two instances fed the same commands agree on every
 * event and every state hash, and a snapshot taken mid-stream restores a state that continues identically.
 */
class DeterminismTest
{
    static final long SEED = Long.getLong("determinism.seed", 0xD37E_2217L);
    static final int COMMANDS = Integer.getInteger("determinism.commands", 150_000);
    static final int CHECKPOINT = 5_000;

    /** The generated stream, driven by a reference model that only helps pick live orders etc. */
    private static final class Stream
    {
        final ReferenceExchange model = new ReferenceExchange();
        final CommandGenerator generator;
        final List<String> modelEvents = new ArrayList<>();
        long index;

        Stream(final long seed)
        {
            generator = new CommandGenerator(seed, model);
        }

        Command next()
        {
            final Command c = generator.next();
            modelEvents.clear();
            model.apply(c, sequence(), timestamp(), modelEvents);
            return c;
        }

        long sequence()
        {
            return index + 1;
        }

        long timestamp()
        {
            return 1_650_000_000_000_000_000L + index * 977L;
        }
    }

    private static List<String> apply(final BusinessLogicProcessor blp, final Command c, final long sequence,
        final long timestamp)
    {
        final List<String> events = new ArrayList<>();
        final EventListener listener = e -> events.add(e.toString());
        blp.apply(c, sequence, timestamp, listener);
        return events;
    }

    private static byte[] snapshot(final BusinessLogicProcessor blp, final MutableDirectBuffer buffer, final int offset)
    {
        final int length = blp.writeSnapshot(buffer, offset);
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    @Test
    void twoProcessorsGiveIdenticalEventsAndHashes()
    {
        final Stream stream = new Stream(SEED);
        final BusinessLogicProcessor a = new BusinessLogicProcessor();
        final BusinessLogicProcessor b = new BusinessLogicProcessor();
        assertEquals(a.stateHash(), b.stateHash(), "empty states");
        for (stream.index = 0; stream.index < COMMANDS; stream.index++)
        {
            final Command c = stream.next();
            final List<String> ea = apply(a, c, stream.sequence(), stream.timestamp());
            final List<String> eb = apply(b, c, stream.sequence(), stream.timestamp());
            if (!ea.equals(eb))
            {
                fail("command " + stream.index + " " + c + "\nA: " + ea + "\nB: " + eb);
            }
            if (stream.index % CHECKPOINT == 0)
            {
                assertEquals(a.stateHash(), b.stateHash(), "state hash at command " + stream.index);
                assertEquals(a.stateHash(), a.stateHash(), "stateHash() must not change the state");
            }
        }
        assertEquals(a.stateHash(), b.stateHash());
        assertArrayEquals(snapshot(a, new ExpandableArrayBuffer(), 0), snapshot(b, new ExpandableArrayBuffer(), 0),
            "snapshots of equal states");
    }

    @Test
    void snapshotRestoreContinuesIdentically()
    {
        final Stream stream = new Stream(SEED + 1);
        final BusinessLogicProcessor original = new BusinessLogicProcessor();
        BusinessLogicProcessor restored = null;
        final int[] snapshotAt = {COMMANDS / 3, 2 * COMMANDS / 3};
        int nextSnapshot = 0;
        for (stream.index = 0; stream.index < COMMANDS; stream.index++)
        {
            if (nextSnapshot < snapshotAt.length && stream.index == snapshotAt[nextSnapshot])
            {
                // chain: the second snapshot is taken from the restored processor
                final BusinessLogicProcessor source = restored == null ? original : restored;
                restored = roundTrip(source, original, nextSnapshot);
                nextSnapshot++;
            }
            final Command c = stream.next();
            final List<String> expected = apply(original, c, stream.sequence(), stream.timestamp());
            if (restored != null)
            {
                final List<String> actual = apply(restored, c, stream.sequence(), stream.timestamp());
                if (!expected.equals(actual))
                {
                    fail("after restore, command " + stream.index + " " + c + "\nuninterrupted: " + expected +
                        "\nrestored:      " + actual);
                }
                if (stream.index % CHECKPOINT == 0)
                {
                    assertEquals(original.stateHash(), restored.stateHash(), "hash at command " + stream.index);
                }
            }
        }
        assertEquals(original.stateHash(), restored.stateHash());
        assertEquals(original.liveOrderCount(), restored.liveOrderCount());
        assertEquals(original.nextOrderId(), restored.nextOrderId());
    }

    private static BusinessLogicProcessor roundTrip(final BusinessLogicProcessor source,
        final BusinessLogicProcessor original, final int round)
    {
        final long hash = source.stateHash();
        final int offset = 13 + round; // not at 0, not aligned
        final MutableDirectBuffer buffer = round % 2 == 0 ? new ExpandableArrayBuffer(64) :
            new ExpandableDirectByteBuffer(64);
        final byte[] bytes = snapshot(source, buffer, offset);
        assertEquals(hash, source.stateHash(), "writing a snapshot must not change the state");
        final BusinessLogicProcessor restored = BusinessLogicProcessor.readSnapshot(buffer, offset, bytes.length);
        assertEquals(hash, restored.stateHash(), "hash of the restored state");
        assertEquals(original.stateHash(), restored.stateHash(), "restored vs uninterrupted");
        final byte[] again = snapshot(restored, new ExpandableArrayBuffer(), 0);
        assertArrayEquals(bytes, again, "the snapshot of a restored state is byte-identical");
        assertEquals(source.liveOrderCount(), restored.liveOrderCount());
        assertEquals(source.nextOrderId(), restored.nextOrderId());
        assertArrayEquals(source.accountIds(), restored.accountIds());
        assertArrayEquals(source.assetIds(), restored.assetIds());
        assertArrayEquals(source.instrumentIds(), restored.instrumentIds());
        for (final int asset : source.assetIds())
        {
            assertEquals(source.deposited(asset), restored.deposited(asset));
            assertEquals(source.withdrawn(asset), restored.withdrawn(asset));
            assertEquals(source.totalBalance(asset), restored.totalBalance(asset));
            for (final long account : source.accountIds())
            {
                assertEquals(source.available(account, asset), restored.available(account, asset));
                assertEquals(source.held(account, asset), restored.held(account, asset));
            }
        }
        return restored;
    }

    // ------------------------------------------------------------------------------------------ hash sensitivity

    private static final long ALICE = 11;
    private static final long BOB = 12;

    private static BusinessLogicProcessor baseState()
    {
        final BusinessLogicProcessor blp = new BusinessLogicProcessor();
        long seq = 1;
        for (final Command c : List.of(
            new Command().type(CommandType.ADD_ASSET).assetId(1).scale(8),
            new Command().type(CommandType.ADD_ASSET).assetId(2).scale(2),
            new Command().type(CommandType.OPEN_ACCOUNT).accountId(ALICE),
            new Command().type(CommandType.OPEN_ACCOUNT).accountId(BOB),
            new Command().type(CommandType.ADD_INSTRUMENT).instrumentId(1).baseAssetId(1).quoteAssetId(2).tickSize(1)
                .lotSize(1).tickValue(1).minQuantity(1).maxQuantity(1_000_000).makerFeePpm(10).takerFeePpm(20)
                .feeAccountId(BOB),
            new Command().type(CommandType.DEPOSIT).accountId(ALICE).assetId(1).amount(1_000),
            new Command().type(CommandType.DEPOSIT).accountId(ALICE).assetId(2).amount(1_000_000),
            new Command().type(CommandType.DEPOSIT).accountId(BOB).assetId(1).amount(1_000)))
        {
            apply(blp, c, seq, seq * 10);
            seq++;
        }
        return blp;
    }

    private static long hashAfter(final Consumer<BusinessLogicProcessor> change)
    {
        final BusinessLogicProcessor blp = baseState();
        change.accept(blp);
        return blp.stateHash();
    }

    private static void run(final BusinessLogicProcessor blp, final Command c)
    {
        apply(blp, c, 100, 1_000);
    }

    private static Command order(final long account, final Side side, final long price, final long qty)
    {
        return new Command().type(CommandType.NEW_ORDER).accountId(account).instrumentId(1).clientOrderId(7)
            .side(side).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).price(price).quantity(qty);
    }

    @Test
    void hashDiffersWhenStateDiffers()
    {
        final long base = hashAfter(blp -> { });
        assertEquals(base, hashAfter(blp -> { }), "same state, same hash");
        assertNotEquals(new BusinessLogicProcessor().stateHash(), base);
        final List<Consumer<BusinessLogicProcessor>> changes = List.of(
            blp -> run(blp, new Command().type(CommandType.DEPOSIT).accountId(ALICE).assetId(1).amount(1)),
            blp -> run(blp, new Command().type(CommandType.DEPOSIT).accountId(BOB).assetId(1).amount(1)),
            blp -> run(blp, new Command().type(CommandType.DEPOSIT).accountId(BOB).assetId(2).amount(1)),
            blp -> run(blp, new Command().type(CommandType.WITHDRAW).accountId(ALICE).assetId(1).amount(1)),
            blp -> run(blp, new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(ALICE)),
            blp -> run(blp, new Command().type(CommandType.HALT_INSTRUMENT).instrumentId(1)),
            blp -> run(blp, new Command().type(CommandType.OPEN_ACCOUNT).accountId(13)),
            blp -> run(blp, new Command().type(CommandType.ADD_ASSET).assetId(3).scale(0)),
            blp -> run(blp, order(ALICE, Side.BUY, 10, 5)),
            blp -> run(blp, order(ALICE, Side.BUY, 11, 5)),
            blp -> run(blp, order(ALICE, Side.BUY, 10, 6)),
            blp -> run(blp, order(ALICE, Side.SELL, 10, 5)),
            blp -> run(blp, new Command().type(CommandType.TRANSFER).accountId(ALICE).targetAccountId(BOB).assetId(1)
                .amount(1).transferId(1)));
        final List<Long> hashes = new ArrayList<>();
        hashes.add(base);
        for (int k = 0; k < changes.size(); k++)
        {
            final long h = hashAfter(changes.get(k));
            for (int j = 0; j < hashes.size(); j++)
            {
                assertNotEquals(hashes.get(j), h, "change " + k + " gives the same hash as change " + (j - 1));
            }
            hashes.add(h);
        }
        // a trade changes balances of both sides; the same trade reached differently gives the same state
        final long viaTrade = hashAfter(blp ->
        {
            run(blp, order(BOB, Side.SELL, 10, 5));
            run(blp, order(ALICE, Side.BUY, 10, 5));
        });
        assertNotEquals(base, viaTrade);
        // order ids and trade ids are state: placing and canceling an order is not a no-op for the hash
        final long placedAndCanceled = hashAfter(blp ->
        {
            run(blp, order(ALICE, Side.BUY, 10, 5));
            run(blp, new Command().type(CommandType.CANCEL_ORDER).accountId(ALICE).orderId(1));
        });
        assertEquals(base, hashAfter(blp -> run(blp, new Command().type(CommandType.QUERY_BALANCES)
            .accountId(ALICE).requestId(1))), "a query does not change the hash");
        assertNotEquals(base, placedAndCanceled, "the next order id is part of the state");
    }

    @Test
    void badSnapshotsAreRefused()
    {
        final BusinessLogicProcessor blp = baseState();
        run(blp, order(ALICE, Side.BUY, 10, 5));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = blp.writeSnapshot(buffer, 0);
        assertEquals(blp.stateHash(), BusinessLogicProcessor.readSnapshot(buffer, 0, length).stateHash());
        assertThrows(SnapshotFormatException.class, () -> BusinessLogicProcessor.readSnapshot(buffer, 0, length - 1));
        assertThrows(SnapshotFormatException.class, () -> BusinessLogicProcessor.readSnapshot(buffer, 0, 3));
        assertThrows(SnapshotFormatException.class, () -> BusinessLogicProcessor.readSnapshot(buffer, 0, 0));
        final ExpandableArrayBuffer corrupt = new ExpandableArrayBuffer();
        corrupt.putBytes(0, buffer, 0, length);
        corrupt.putByte(0, (byte)(corrupt.getByte(0) ^ 0x5A));
        assertThrows(SnapshotFormatException.class, () -> BusinessLogicProcessor.readSnapshot(corrupt, 0, length));
    }
}
