package dev.exengine.core.snapshot;

import dev.exengine.core.EngineState;
import dev.exengine.core.account.Account;
import dev.exengine.core.account.Asset;
import dev.exengine.core.book.Order;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.RejectReason;
import dev.exengine.core.instrument.Instrument;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Comparator;

/**
 * Rebuilds a state from a snapshot ({@link SnapshotLayout}). Books are refilled in priority order; live orders are
 * indexed in order id order, which restores every account's order list. Any inconsistency is a
 * {@link SnapshotFormatException}. Not for the hot path.
 */
public final class SnapshotDecoder
{
    private final DirectBuffer buffer;
    private final int limit;
    private int position;

    private SnapshotDecoder(final DirectBuffer buffer, final int offset, final int limit)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = limit;
    }

    public static EngineState read(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset + length > buffer.capacity())
        {
            throw new SnapshotFormatException("snapshot range outside the buffer");
        }
        final SnapshotDecoder reader = new SnapshotDecoder(buffer, offset, offset + length);
        final int magic = reader.getInt();
        if (magic != SnapshotLayout.MAGIC)
        {
            throw new SnapshotFormatException("bad magic 0x" + Integer.toHexString(magic));
        }
        final int version = reader.getInt();
        if (version > SnapshotLayout.VERSION || version < 1)
        {
            throw new SnapshotFormatException("unsupported format version " + version + " (this engine reads up to " +
                SnapshotLayout.VERSION + ")");
        }
        final int bodyLength = reader.getInt();
        if (bodyLength != length - SnapshotLayout.HEADER_LENGTH)
        {
            throw new SnapshotFormatException("truncated: body of " + bodyLength + " bytes, " +
                (length - SnapshotLayout.HEADER_LENGTH) + " present");
        }
        return reader.body(version);
    }

    private EngineState body(final int version)
    {
        final EngineState state = new EngineState();
        state.restoreCounters(getLong(), getLong());
        final int assetCount = getCount();
        for (int i = 0; i < assetCount; i++)
        {
            state.addAsset(getInt(), getInt()).restoreTotals(getLong(), getLong());
        }
        final int accountCount = getCount();
        for (int i = 0; i < accountCount; i++)
        {
            account(state, assetCount, version);
        }
        final ArrayList<Order> orders = new ArrayList<>();
        final int instrumentCount = getCount();
        for (int i = 0; i < instrumentCount; i++)
        {
            instrument(state, orders);
        }
        if (position != limit)
        {
            throw new SnapshotFormatException((limit - position) + " unexpected bytes after the state");
        }
        orders.sort(Comparator.comparingLong(Order::orderId));
        for (final Order order : orders)
        {
            state.liveOrders().add(order);
        }
        return state;
    }

    private void account(final EngineState state, final int assetCount, final int version)
    {
        final Account account = state.openAccount(getLong());
        account.suspended(getBoolean());
        for (int i = 0; i < assetCount; i++)
        {
            account.restoreBalance(i, getBoolean(), getLong(), getLong());
        }
        final int transferCount = getCount();
        for (int i = 0; i < transferCount; i++)
        {
            final long transferId = getLong();
            final long targetAccountId = getLong();
            final int assetId = getInt();
            final long amount = getLong();
            final RejectReason reason = RejectReason.fromCode(getByte());
            state.ledger().transfers(account).record(transferId, targetAccountId, assetId, amount,
                known(reason, "reason"));
        }
        if (version >= 2)
        {
            movements(state, account, CommandType.DEPOSIT);
            movements(state, account, CommandType.WITHDRAW);
        }
    }

    private void movements(final EngineState state, final Account account, final CommandType kind)
    {
        final int count = getCount();
        for (int i = 0; i < count; i++)
        {
            final long movementId = getLong();
            final int assetId = getInt();
            final long amount = getLong();
            final RejectReason reason = RejectReason.fromCode(getByte());
            state.ledger().movementsToRecord(kind, account).record(movementId, 0, assetId, amount,
                known(reason, "reason"));
        }
    }

    private void instrument(final EngineState state, final ArrayList<Order> orders)
    {
        final int id = getInt();
        final Asset base = known(state.asset(getInt()), "base asset");
        final Asset quote = known(state.asset(getInt()), "quote asset");
        final Instrument instrument = state.addInstrument(id, base, quote, getLong(), getLong(), getLong(), getLong(),
            getLong(), getInt(), getInt(), known(state.account(getLong()), "fee account"));
        instrument.halted(getBoolean());
        for (final Side side : Side.values())
        {
            final int count = getCount();
            for (int i = 0; i < count; i++)
            {
                final Order order = state.orderPool().acquire();
                final long orderId = getLong();
                final Account account = known(state.account(getLong()), "order account");
                final long clientOrderId = getLong();
                final OrderType orderType = known(OrderType.fromCode(getByte()), "order type");
                final TimeInForce timeInForce = known(TimeInForce.fromCode(getByte()), "time in force");
                final boolean postOnly = getBoolean();
                final long price = getLong();
                final long quantity = getLong();
                order.init(orderId, clientOrderId, account, id, instrument.index(), side, orderType, timeInForce,
                    postOnly, price, quantity, instrument.holdAsset(side));
                order.amend(price, quantity, getLong());
                order.held(getLong());
                instrument.book().add(order);
                orders.add(order);
            }
        }
    }

    private static <T> T known(final T value, final String what)
    {
        if (value == null)
        {
            throw new SnapshotFormatException("unknown " + what);
        }
        return value;
    }

    private int getCount()
    {
        final int count = getInt();
        if (count < 0 || count > limit - position)
        {
            throw new SnapshotFormatException("bad count " + count);
        }
        return count;
    }

    private void require(final int bytes)
    {
        if (position + bytes > limit)
        {
            throw new SnapshotFormatException("truncated at offset " + position);
        }
    }

    private long getLong()
    {
        require(Long.BYTES);
        final long value = buffer.getLong(position, SnapshotLayout.ORDER);
        position += Long.BYTES;
        return value;
    }

    private int getInt()
    {
        require(Integer.BYTES);
        final int value = buffer.getInt(position, SnapshotLayout.ORDER);
        position += Integer.BYTES;
        return value;
    }

    private byte getByte()
    {
        require(1);
        return buffer.getByte(position++);
    }

    private boolean getBoolean()
    {
        return getByte() != 0;
    }
}
