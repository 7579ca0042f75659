package dev.exengine.core.snapshot;

import dev.exengine.core.EngineState;
import dev.exengine.core.account.Account;
import dev.exengine.core.account.Asset;
import dev.exengine.core.book.BookSide;
import dev.exengine.core.book.Order;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.Side;
import dev.exengine.core.instrument.Instrument;
import dev.exengine.core.ledger.MovementLog;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the canonical form of the state ({@link SnapshotLayout}), in the oldest format version that holds it:
 * everything in creation order or book priority order, nothing in hash-map order, so that equal states give equal
 * bytes. Not for the hot path: grows the buffer.
 */
public final class SnapshotEncoder
{
    private final MutableDirectBuffer buffer;
    private int position;

    private SnapshotEncoder(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.position = offset;
    }

    /**
     * Writes a snapshot of the state at the offset of an expandable buffer.
     *
     * @return the number of bytes written.
     */
    public static int write(final EngineState state, final MutableDirectBuffer buffer, final int offset)
    {
        final SnapshotEncoder writer = new SnapshotEncoder(buffer, offset);
        final int version =
            hasMovementIds(state) ? SnapshotLayout.VERSION : SnapshotLayout.VERSION_WITHOUT_MOVEMENT_IDS;
        writer.putInt(SnapshotLayout.MAGIC);
        writer.putInt(version);
        writer.putInt(0);
        writer.body(state, version);
        final int length = writer.position - offset;
        buffer.putInt(offset + 8, length - SnapshotLayout.HEADER_LENGTH, SnapshotLayout.ORDER);
        return length;
    }

    /** @return true when an account has a deposit or withdrawal with a movement id: a state of version 2. */
    private static boolean hasMovementIds(final EngineState state)
    {
        for (int i = 0; i < state.accountCount(); i++)
        {
            final Account account = state.accountAt(i);
            if (state.ledger().movements(CommandType.DEPOSIT, account) != null ||
                state.ledger().movements(CommandType.WITHDRAW, account) != null)
            {
                return true;
            }
        }
        return false;
    }

    private void body(final EngineState state, final int version)
    {
        putLong(state.nextOrderId());
        putLong(state.nextTradeId());
        putInt(state.assetCount());
        for (int i = 0; i < state.assetCount(); i++)
        {
            final Asset asset = state.assetAt(i);
            putInt(asset.id());
            putInt(asset.scale());
            putLong(asset.deposited());
            putLong(asset.withdrawn());
        }
        putInt(state.accountCount());
        for (int i = 0; i < state.accountCount(); i++)
        {
            account(state, state.accountAt(i), version);
        }
        putInt(state.instrumentCount());
        for (int i = 0; i < state.instrumentCount(); i++)
        {
            instrument(state.instrumentAt(i));
        }
    }

    private void account(final EngineState state, final Account account, final int version)
    {
        putLong(account.id());
        putBoolean(account.isSuspended());
        for (int i = 0; i < state.assetCount(); i++)
        {
            putBoolean(account.isTouched(i));
            putLong(account.available(i));
            putLong(account.held(i));
        }
        final MovementLog transfers = state.ledger().transfers(account);
        putInt(transfers.size());
        for (int slot = 0; slot < transfers.size(); slot++)
        {
            putLong(transfers.id(slot));
            putLong(transfers.targetAccountId(slot));
            putInt(transfers.assetId(slot));
            putLong(transfers.amount(slot));
            putByte(transfers.reason(slot).code());
        }
        if (version >= 2)
        {
            movements(state.ledger().movements(CommandType.DEPOSIT, account));
            movements(state.ledger().movements(CommandType.WITHDRAW, account));
        }
    }

    private void movements(final MovementLog log)
    {
        final int size = log == null ? 0 : log.size();
        putInt(size);
        for (int slot = 0; slot < size; slot++)
        {
            putLong(log.id(slot));
            putInt(log.assetId(slot));
            putLong(log.amount(slot));
            putByte(log.reason(slot).code());
        }
    }

    private void instrument(final Instrument instrument)
    {
        putInt(instrument.id());
        putInt(instrument.base().id());
        putInt(instrument.quote().id());
        putLong(instrument.tickSize());
        putLong(instrument.lotSize());
        putLong(instrument.tickValue());
        putLong(instrument.minQuantity());
        putLong(instrument.maxQuantity());
        putInt(instrument.makerFeePpm());
        putInt(instrument.takerFeePpm());
        putLong(instrument.feeAccount().id());
        putBoolean(instrument.isHalted());
        orders(instrument.book().side(Side.BUY));
        orders(instrument.book().side(Side.SELL));
    }

    private void orders(final BookSide side)
    {
        final int countPosition = position;
        putInt(0);
        int count = 0;
        for (int level = side.bestLevel(); level != BookSide.NO_LEVEL; level = side.nextLevel(level))
        {
            for (Order order = side.head(level); order != null; order = order.next())
            {
                putLong(order.orderId());
                putLong(order.account().id());
                putLong(order.clientOrderId());
                putByte(order.orderType().code());
                putByte(order.timeInForce().code());
                putBoolean(order.postOnly());
                putLong(order.price());
                putLong(order.quantity());
                putLong(order.remaining());
                putLong(order.held());
                count++;
            }
        }
        buffer.putInt(countPosition, count, SnapshotLayout.ORDER);
    }

    private void putLong(final long value)
    {
        buffer.putLong(position, value, SnapshotLayout.ORDER);
        position += Long.BYTES;
    }

    private void putInt(final int value)
    {
        buffer.putInt(position, value, SnapshotLayout.ORDER);
        position += Integer.BYTES;
    }

    private void putByte(final byte value)
    {
        buffer.putByte(position, value);
        position += 1;
    }

    private void putBoolean(final boolean value)
    {
        putByte((byte)(value ? 1 : 0));
    }
}
