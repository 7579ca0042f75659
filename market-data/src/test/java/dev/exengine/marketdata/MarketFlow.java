package dev.exengine.marketdata;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded stream of commands for a market of many instruments, built to exercise every way the feed changes a book:
 * resting and crossing GTC orders (partial fills, sweeps of several levels, self-trade cancels), post-only, IOC, FOK
 * and market orders, cancels, replaces that keep their place, move, grow or cross, mass cancels, halts and resumes,
 * and instruments added while trading goes on; plus some invalid commands and noise (queries, deposits) that the feed
 * must ignore. It follows the engine's events ({@link #onEvent}) to know the live orders; the same seed gives the
 * same stream.
 */
final class MarketFlow implements EventListener
{
    static final int QUOTE = 1;
    static final int[] BASES = {2, 3, 4, 5};
    static final long FEE_ACCOUNT = 9000;
    static final int ACCOUNTS = 16;
    private static final long FUNDS = 1_000_000_000_000L;

    private final SplittableRandom random;
    private final int maxInstruments;
    private final ArrayDeque<Command> setup = new ArrayDeque<>();
    private final Command command = new Command();
    private final List<Live> live = new ArrayList<>();
    private final Long2ObjectHashMap<Live> liveById = new Long2ObjectHashMap<>();
    private final List<Market> markets = new ArrayList<>();
    private long nextClientOrderId = 1;
    private long nextRequestId = 1;

    MarketFlow(final long seed, final int instruments, final int maxInstruments)
    {
        this.random = new SplittableRandom(seed);
        this.maxInstruments = maxInstruments;
        setup.add(new Command().type(CommandType.ADD_ASSET).assetId(QUOTE).scale(4));
        for (final int base : BASES)
        {
            setup.add(new Command().type(CommandType.ADD_ASSET).assetId(base).scale(8));
        }
        setup.add(new Command().type(CommandType.OPEN_ACCOUNT).accountId(FEE_ACCOUNT));
        for (long account = 1; account <= ACCOUNTS; account++)
        {
            setup.add(new Command().type(CommandType.OPEN_ACCOUNT).accountId(account));
            setup.add(new Command().type(CommandType.DEPOSIT).accountId(account).assetId(QUOTE).amount(FUNDS));
            for (final int base : BASES)
            {
                setup.add(new Command().type(CommandType.DEPOSIT).accountId(account).assetId(base).amount(FUNDS));
            }
        }
        for (int i = 0; i < instruments; i++)
        {
            setup.add(addInstrument(new Command()));
        }
    }

    /** Instruments added so far, by the ids they were given. */
    int[] instrumentIds()
    {
        return markets.stream().mapToInt(market -> market.id).toArray();
    }

    /** The next command; the same instance each time, valid until the next call. */
    Command next()
    {
        if (!setup.isEmpty())
        {
            return command.reset().copyFrom(setup.poll());
        }
        command.reset();
        final double roll = random.nextDouble() * 100;
        if (roll < 38)
        {
            newOrder(OrderType.LIMIT, TimeInForce.GTC, false);
        }
        else if (roll < 41)
        {
            newOrder(OrderType.LIMIT, TimeInForce.GTC, true);
        }
        else if (roll < 46)
        {
            newOrder(OrderType.LIMIT, TimeInForce.IOC, false);
        }
        else if (roll < 48)
        {
            newOrder(OrderType.LIMIT, TimeInForce.FOK, false);
        }
        else if (roll < 50)
        {
            newOrder(OrderType.MARKET, TimeInForce.IOC, false);
        }
        else if (roll < 50.5)
        {
            newOrder(OrderType.MARKET, TimeInForce.FOK, false);
        }
        else if (roll < 63.5)
        {
            cancel();
        }
        else if (roll < 88.5)
        {
            replace();
        }
        else if (roll < 88.6)
        {
            command.type(CommandType.MASS_CANCEL).accountId(account())
                .instrumentId(random.nextInt(5) == 0 ? 0 : market().id);
        }
        else if (roll < 88.62)
        {
            command.type(CommandType.HALT_INSTRUMENT).instrumentId(market().id);
        }
        else if (roll < 90.5)
        {
            resumeOrNoise();
        }
        else if (roll < 90.505 && markets.size() < maxInstruments)
        {
            addInstrument(command);
        }
        else if (roll < 92)
        {
            command.type(CommandType.QUERY_DEPTH).requestId(nextRequestId++).instrumentId(market().id).levels(5);
        }
        else
        {
            newOrder(OrderType.LIMIT, TimeInForce.GTC, false);
            if (random.nextInt(4) == 0)
            {
                // Invalid on purpose: off the tick, or a quantity of 0; rejected, nothing public.
                command.price(command.price() + 1).quantity(random.nextBoolean() ? 0 : command.quantity());
            }
        }
        return command;
    }

    @Override
    public void onEvent(final Event event)
    {
        switch (event.type())
        {
            case ORDER_ACCEPTED ->
            {
                if (event.orderType() == OrderType.LIMIT && event.timeInForce() == TimeInForce.GTC)
                {
                    final Live order = new Live(event.orderId(), event.accountId(), event.instrumentId(), event.side());
                    order.price = event.price();
                    order.quantity = event.quantity();
                    order.remaining = event.quantity();
                    order.index = live.size();
                    live.add(order);
                    liveById.put(order.orderId, order);
                }
            }
            case TRADE ->
            {
                remaining(event.makerOrderId(), event.makerRemainingQuantity());
                remaining(event.takerOrderId(), event.takerRemainingQuantity());
            }
            case ORDER_CANCELED -> remove(event.orderId());
            case ORDER_REPLACED ->
            {
                final Live order = liveById.get(event.orderId());
                order.price = event.price();
                order.quantity = event.quantity();
                order.remaining = event.remainingQuantity();
            }
            case ADMIN_DONE ->
            {
                if (event.commandType() == CommandType.HALT_INSTRUMENT || event.commandType() == CommandType.RESUME_INSTRUMENT)
                {
                    market(event.instrumentId()).halted = event.commandType() == CommandType.HALT_INSTRUMENT;
                }
            }
            default ->
            {
            }
        }
    }

    private Command addInstrument(final Command target)
    {
        final int id = markets.size() + 1;
        final Market market = new Market(id, new long[] {1, 5, 10}[id % 3], id % 2 == 0 ? 10 : 1);
        market.mid = 10_000 * market.tick;
        markets.add(market);
        return target.type(CommandType.ADD_INSTRUMENT).instrumentId(id).baseAssetId(BASES[id % BASES.length])
            .quoteAssetId(QUOTE).tickSize(market.tick).lotSize(market.lot).tickValue(1).minQuantity(market.lot)
            .maxQuantity(1_000_000 * market.lot).makerFeePpm(id % 4 * 50).takerFeePpm(id % 5 * 100)
            .feeAccountId(FEE_ACCOUNT);
    }

    private void newOrder(final OrderType type, final TimeInForce timeInForce, final boolean postOnly)
    {
        final Market market = market();
        market.mid = Math.max(100 * market.tick, market.mid + (random.nextInt(3) - 1) * market.tick);
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        // Mostly passive, within 15 ticks of the mid; some cross up to 8 ticks into the other side.
        final boolean aggressive = timeInForce != TimeInForce.GTC || random.nextInt(8) == 0;
        final long ticks = aggressive ? random.nextInt(9) : -1 - random.nextInt(15);
        final long price = market.mid + (side == Side.BUY ? ticks : -ticks) * market.tick;
        command.type(CommandType.NEW_ORDER).accountId(account()).instrumentId(market.id)
            .clientOrderId(nextClientOrderId++).side(side).orderType(type).timeInForce(timeInForce)
            .postOnly(postOnly).price(type == OrderType.MARKET ? 0 : price)
            .quantity((1 + random.nextInt(aggressive ? 80 : 40)) * market.lot);
    }

    private void cancel()
    {
        if (live.isEmpty() || random.nextInt(40) == 0)
        {
            // Unknown, or not the owner's: rejected.
            command.type(CommandType.CANCEL_ORDER).accountId(account()).orderId(1 + random.nextInt(1_000_000));
            return;
        }
        final Live order = live.get(random.nextInt(live.size()));
        command.type(CommandType.CANCEL_ORDER).accountId(order.accountId).orderId(order.orderId);
    }

    private void replace()
    {
        if (live.isEmpty())
        {
            newOrder(OrderType.LIMIT, TimeInForce.GTC, false);
            return;
        }
        final Live order = live.get(random.nextInt(live.size()));
        final Market market = market(order.instrumentId);
        final long filled = order.quantity - order.remaining;
        long price = order.price;
        long quantity = order.quantity;
        final int kind = random.nextInt(20);
        if (kind < 7)
        {
            // Less, same price: keeps its place (or NO_CHANGE / QUANTITY_NOT_ABOVE_FILLED rejects near the edge).
            quantity = Math.max(filled + market.lot, quantity - (1 + random.nextInt(5)) * market.lot);
        }
        else if (kind < 11)
        {
            quantity += (1 + random.nextInt(10)) * market.lot;
        }
        else if (kind < 17)
        {
            price += (random.nextInt(7) - 3) * market.tick;
            quantity = filled + (1 + random.nextInt(40)) * market.lot;
        }
        else
        {
            // Through the mid: it crosses when the other side has orders there.
            final long through = (1 + random.nextInt(6)) * market.tick;
            price = order.side == Side.BUY ? market.mid + through : market.mid - through;
        }
        command.type(CommandType.REPLACE_ORDER).accountId(order.accountId).orderId(order.orderId)
            .price(Math.max(market.tick, price)).quantity(quantity);
    }

    private void resumeOrNoise()
    {
        for (final Market market : markets)
        {
            if (market.halted)
            {
                command.type(CommandType.RESUME_INSTRUMENT).instrumentId(market.id);
                return;
            }
        }
        command.type(CommandType.DEPOSIT).accountId(account()).assetId(QUOTE).amount(1 + random.nextInt(1000));
    }

    private void remaining(final long orderId, final long remaining)
    {
        final Live order = liveById.get(orderId);
        if (order != null)
        {
            order.remaining = remaining;
            if (remaining == 0)
            {
                remove(orderId);
            }
        }
    }

    private void remove(final long orderId)
    {
        final Live order = liveById.remove(orderId);
        if (order == null)
        {
            return;
        }
        final Live last = live.remove(live.size() - 1);
        if (last != order)
        {
            live.set(order.index, last);
            last.index = order.index;
        }
    }

    private long account()
    {
        return 1 + random.nextInt(ACCOUNTS);
    }

    private Market market()
    {
        return markets.get(random.nextInt(markets.size()));
    }

    private Market market(final int instrumentId)
    {
        return markets.get(instrumentId - 1);
    }

    private static final class Market
    {
        final int id;
        final long tick;
        final long lot;
        long mid;
        boolean halted;

        Market(final int id, final long tick, final long lot)
        {
            this.id = id;
            this.tick = tick;
            this.lot = lot;
        }
    }

    private static final class Live
    {
        final long orderId;
        final long accountId;
        final int instrumentId;
        final Side side;
        long price;
        long quantity;
        long remaining;
        int index;

        Live(final long orderId, final long accountId, final int instrumentId, final Side side)
        {
            this.orderId = orderId;
            this.accountId = accountId;
            this.instrumentId = instrumentId;
            this.side = side;
        }
    }
}
