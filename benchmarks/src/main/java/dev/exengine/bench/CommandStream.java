package dev.exengine.bench;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;

/**
 * A pre-generated stream of order commands (new limit order, cancel, replace) in parallel primitive arrays: about
 * 40 bytes a command, read sequentially, so a multi-million-command stream fits in memory and walking it costs a
 * few field writes instead of a cache miss per {@link Command} object. {@link #command} fills one of three reused
 * commands (one per type, so a field another type never reads is never cleared). Allocates nothing after creation.
 */
public final class CommandStream
{
    private static final byte NEW_ORDER = 0;
    private static final byte CANCEL = 1;
    private static final byte REPLACE = 2;
    private static final byte SELL = 1;
    private static final byte IOC = 2;

    private final byte[] kind;
    private final byte[] flags;
    private final long[] accountId;
    private final int[] instrumentId;
    /** Engine order id for a cancel or replace, client order id for a new order. */
    private final long[] id;
    private final long[] price;
    private final long[] quantity;
    private final Command newOrder = new Command().type(CommandType.NEW_ORDER).orderType(OrderType.LIMIT);
    private final Command cancel = new Command().type(CommandType.CANCEL_ORDER);
    private final Command replace = new Command().type(CommandType.REPLACE_ORDER);
    private int length;

    public CommandStream(final int capacity)
    {
        kind = new byte[capacity];
        flags = new byte[capacity];
        accountId = new long[capacity];
        instrumentId = new int[capacity];
        id = new long[capacity];
        price = new long[capacity];
        quantity = new long[capacity];
    }

    public int length()
    {
        return length;
    }

    /** Appends a NEW_ORDER (limit, GTC or IOC), CANCEL_ORDER or REPLACE_ORDER. */
    public void add(final Command command)
    {
        final int i = length;
        switch (command.type())
        {
            case NEW_ORDER ->
            {
                if (command.orderType() != OrderType.LIMIT || command.postOnly() ||
                    command.timeInForce() == TimeInForce.FOK)
                {
                    throw new IllegalArgumentException("only limit GTC/IOC orders are streamed: " + command);
                }
                kind[i] = NEW_ORDER;
                flags[i] = (byte)((command.side() == Side.SELL ? SELL : 0) |
                    (command.timeInForce() == TimeInForce.IOC ? IOC : 0));
                instrumentId[i] = command.instrumentId();
                id[i] = command.clientOrderId();
                price[i] = command.price();
                quantity[i] = command.quantity();
            }
            case CANCEL_ORDER ->
            {
                kind[i] = CANCEL;
                id[i] = command.orderId();
            }
            case REPLACE_ORDER ->
            {
                kind[i] = REPLACE;
                id[i] = command.orderId();
                price[i] = command.price();
                quantity[i] = command.quantity();
            }
            default -> throw new IllegalArgumentException("not an order command: " + command);
        }
        accountId[i] = command.accountId();
        length = i + 1;
    }

    /**
     * @return the command at this index, in a reused instance that the next call may overwrite.
     */
    public Command command(final int index)
    {
        switch (kind[index])
        {
            case NEW_ORDER:
            {
                final byte f = flags[index];
                return newOrder.accountId(accountId[index]).instrumentId(instrumentId[index])
                    .clientOrderId(id[index]).side((f & SELL) != 0 ? Side.SELL : Side.BUY)
                    .timeInForce((f & IOC) != 0 ? TimeInForce.IOC : TimeInForce.GTC)
                    .price(price[index]).quantity(quantity[index]);
            }
            case CANCEL:
                return cancel.accountId(accountId[index]).orderId(id[index]);
            default:
                return replace.accountId(accountId[index]).orderId(id[index]).price(price[index])
                    .quantity(quantity[index]);
        }
    }
}
