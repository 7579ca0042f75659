package dev.exengine.bench;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Single order-book operations through the business-logic processor (its public API, so risk checks, balances and
 * events are included) on one instrument pre-filled like {@link OrderFlow} (about 1,000 orders on about 500
 * levels), but with the 19 prices around the mid left empty for the crossing cases. Every operation leaves the book
 * as it found it, so that the measured state stays the same for any iteration length:
 * <ul>
 *   <li>{@code placeRestingThenCancel}: two commands, a GTC order resting inside the book, then its cancel;</li>
 *   <li>{@code replace}: one command, a resting order moved one tick back or forth away from the top;</li>
 *   <li>{@code crossOneLevel}: one command, an IOC that takes 1 lot from one level (a maker topped up every 500,000 fills);</li>
 *   <li>{@code crossFiveLevelsWithRefill}: six commands, five 1-lot asks resting on five empty levels, then one IOC
 *   that sweeps all five (five trades, five levels emptied).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OrderBookBenchmark extends BenchmarkJvm
{
    private static final OrderFlow.Scenario BOOK =
        new OrderFlow.Scenario("order-book", 1, 1_000, 1_000, 10, 300, 7);
    private static final int INSTRUMENT = 1;
    private static final long TAKER = 2_000_001;
    private static final long MAKER = 2_000_002;
    private static final long MID = OrderFlow.MID_PRICE;
    private static final int RING = 1024;
    /** The instrument's maximum order quantity. */
    private static final long MAKER_QUANTITY = 1_000_000;

    private BusinessLogicProcessor logic;
    private final BusinessLogicBenchmark.EventCounter events = new BusinessLogicBenchmark.EventCounter();
    private final Command newOrder = new Command().type(CommandType.NEW_ORDER).orderType(OrderType.LIMIT);
    private final Command cancel = new Command().type(CommandType.CANCEL_ORDER).accountId(TAKER);
    private final Command replace = new Command().type(CommandType.REPLACE_ORDER);
    private final long[] restingPrices = new long[RING];
    private long[] replaceIds;
    private long[] replaceAccounts;
    private long[] replacePrices;
    private long[] replaceQuantities;
    private boolean[] moved;
    private long sequence;
    private int next;
    private long clientOrderId;
    private long oneLevelFills;

    @Setup(Level.Trial)
    public void prepare()
    {
        final OrderFlow.Recorded flow = OrderFlow.record(BOOK, 0);
        logic = flow.startingState();
        final Command admin = new Command();
        for (final long account : new long[]{TAKER, MAKER})
        {
            apply(admin.reset().type(CommandType.OPEN_ACCOUNT).accountId(account));
            apply(admin.reset().type(CommandType.DEPOSIT).accountId(account).assetId(OrderFlow.QUOTE_ASSET)
                .amount(4_000_000_000_000_000_000L));
            apply(admin.reset().type(CommandType.DEPOSIT).accountId(account)
                .assetId(OrderFlow.Scenario.baseAssetId(0)).amount(4_000_000_000_000_000_000L));
        }
        // The never-ending maker of crossOneLevel, alone on the best ask level.
        apply(order(MAKER, Side.SELL, TimeInForce.GTC, MID + 5, MAKER_QUANTITY));
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < RING; i++)
        {
            restingPrices[i] = MID - BOOK.gapTicks() - random.nextInt(BOOK.bandTicks());
        }
        chooseOrdersToReplace(flow);
        System.out.println();
        System.out.println("book: " + flow.startOrders + " orders on " + flow.startLevels + " levels; " +
            replaceIds.length + " orders to replace");
    }

    /** Pre-fill orders at least two ticks behind the top of their side, so that a one-tick move never crosses. */
    private void chooseOrdersToReplace(final OrderFlow.Recorded flow)
    {
        final List<Command> orders = new ArrayList<>();
        long bestBid = 0;
        long bestAsk = Long.MAX_VALUE;
        for (final Command command : flow.setup)
        {
            if (command.type() == CommandType.NEW_ORDER)
            {
                orders.add(command);
                bestBid = command.side() == Side.BUY ? Math.max(bestBid, command.price()) : bestBid;
                bestAsk = command.side() == Side.SELL ? Math.min(bestAsk, command.price()) : bestAsk;
            }
        }
        final List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++)
        {
            final Command order = orders.get(i);
            if (order.side() == Side.BUY ? order.price() < bestBid - 1 : order.price() > bestAsk + 1)
            {
                chosen.add(i);
            }
        }
        replaceIds = new long[chosen.size()];
        replaceAccounts = new long[chosen.size()];
        replacePrices = new long[chosen.size()];
        replaceQuantities = new long[chosen.size()];
        moved = new boolean[chosen.size()];
        for (int i = 0; i < chosen.size(); i++)
        {
            final Command order = orders.get(chosen.get(i));
            replaceIds[i] = chosen.get(i) + 1;
            replaceAccounts[i] = order.accountId();
            replacePrices[i] = order.price();
            replaceQuantities[i] = order.quantity();
        }
    }

    @Benchmark
    public void placeRestingThenCancel()
    {
        final long orderId = logic.nextOrderId();
        apply(order(TAKER, Side.BUY, TimeInForce.GTC, restingPrices[next++ & (RING - 1)], 10));
        apply(cancel.orderId(orderId));
    }

    @Benchmark
    public void replace()
    {
        final int i = next;
        next = i + 1 == replaceIds.length ? 0 : i + 1;
        moved[i] = !moved[i];
        apply(replace.accountId(replaceAccounts[i]).orderId(replaceIds[i])
            .price(moved[i] ? replacePrices[i] + (replacePrices[i] < MID ? -1 : 1) : replacePrices[i])
            .quantity(replaceQuantities[i]));
    }

    @Benchmark
    public void crossOneLevel()
    {
        apply(order(TAKER, Side.BUY, TimeInForce.IOC, MID + 5, 1));
        if (++oneLevelFills == MAKER_QUANTITY / 2)
        {
            // Tops the level up long before its maker runs out: one extra command per half a million.
            oneLevelFills = 0;
            apply(order(MAKER, Side.SELL, TimeInForce.GTC, MID + 5, MAKER_QUANTITY));
        }
    }

    @Benchmark
    public void crossFiveLevelsWithRefill()
    {
        for (int tick = 1; tick <= 5; tick++)
        {
            apply(order(MAKER, Side.SELL, TimeInForce.GTC, MID - 5 + tick, 1));
        }
        apply(order(TAKER, Side.BUY, TimeInForce.IOC, MID, 5));
    }

    @TearDown(Level.Trial)
    public void report()
    {
        System.out.println();
        System.out.println(events.count + " events; live orders at the end: " + logic.liveOrderCount());
    }

    private Command order(final long account, final Side side, final TimeInForce timeInForce, final long price,
        final long quantity)
    {
        return newOrder.accountId(account).instrumentId(INSTRUMENT).clientOrderId(++clientOrderId).side(side)
            .timeInForce(timeInForce).price(price).quantity(quantity);
    }

    private void apply(final Command command)
    {
        sequence++;
        logic.apply(command, sequence, sequence, events);
    }
}
