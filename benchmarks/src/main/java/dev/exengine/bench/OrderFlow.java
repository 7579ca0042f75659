package dev.exengine.bench;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.event.EventType;
import dev.exengine.core.event.RejectReason;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A seeded order-flow generator shaped like the published exchange-core benchmarks: books pre-filled to about 1,000
 * resting orders on about 500 price levels, then about 9% new GTC limit orders (some crossing), 3% IOC, 6% cancels
 * and 82% replaces of a live order's price by one tick, with risk checks and balances on.
 *
 * <p>The generator applies every command it makes to its own {@link BusinessLogicProcessor} (the oracle) and
 * follows the events, so it always knows the engine's order ids, which orders are live, at what price and with what
 * quantity, and the best prices. A stream it recorded is therefore valid for exactly one starting state: the
 * oracle's state before the stream, which {@link Recorded#startingState()} restores from a snapshot.
 * Not for the timed path: it allocates freely.
 */
public final class OrderFlow
{
    /** The quote asset of every instrument. */
    public static final int QUOTE_ASSET = 1;
    /** Receives the fees; never trades. */
    public static final long FEE_ACCOUNT = 1_000_000;
    /** Price (in ticks) around which every book is pre-filled. */
    public static final long MID_PRICE = 100_000;
    static final long QUOTE_FUNDS = 100_000_000_000_000L;
    static final long BASE_FUNDS = 1_000_000_000_000L;
    static final int MAKER_FEE_PPM = 100;
    static final int TAKER_FEE_PPM = 200;
    /**
     * The instruments' tick size ({@code -Dbench.tick-size}, default 1): the flow thinks in ticks, and its commands and
     * the events it reads carry prices of this many units a tick, as an instrument quoted in cents ticks by 100.
     */
    static final long TICK_SIZE = Long.getLong("bench.tick-size", 1);
    /** Share of new GTC orders priced to cross the spread. */
    static final double CROSSING_SHARE = 0.10;

    /**
     * @param gapTicks  the pre-fill leaves the prices closer than this to the mid empty (1: only the mid itself).
     * @param bandTicks passive orders rest within this many ticks of the mid, on each side.
     */
    public record Scenario(
        String name, int instruments, int accounts, int ordersPerBook, int gapTicks, int bandTicks, long seed)
    {
        public static final Scenario ONE_INSTRUMENT = new Scenario("one-instrument", 1, 1_000, 1_000, 1, 300, 42);
        public static final Scenario HUNDRED_INSTRUMENTS =
            new Scenario("100-instruments", 100, 1_000, 1_000, 1, 300, 42);

        public static Scenario named(final String name)
        {
            return switch (name)
            {
                case "one-instrument" -> ONE_INSTRUMENT;
                case "100-instruments" -> HUNDRED_INSTRUMENTS;
                default -> throw new IllegalArgumentException("unknown scenario " + name);
            };
        }

        static int instrumentId(final int book)
        {
            return book + 1;
        }

        static int baseAssetId(final int book)
        {
            return QUOTE_ASSET + 1 + book;
        }
    }

    /** What the stream did, counted from the oracle's events. */
    public static final class Stats
    {
        public long commands;
        public long newGtcPassive;
        public long newGtcCrossing;
        public long ioc;
        public long cancels;
        public long replaces;
        /** Commands that produced at least one trade. */
        public long tradingCommands;
        public long trades;
        public long events;
        public final long[] rejects = new long[RejectReason.values().length];

        public long rejectCount()
        {
            return Arrays.stream(rejects).sum();
        }

        public double share(final long count)
        {
            return commands == 0 ? 0 : (double)count / commands;
        }

        public String rejectSummary()
        {
            final StringBuilder sb = new StringBuilder();
            for (final RejectReason reason : RejectReason.values())
            {
                if (rejects[reason.ordinal()] > 0)
                {
                    sb.append(sb.length() == 0 ? "" : ", ").append(reason).append('=').append(rejects[reason.ordinal()]);
                }
            }
            return sb.length() == 0 ? "none" : sb.toString();
        }

        @Override
        public String toString()
        {
            return String.format(
                "%d commands: new GTC %.2f%% (crossing %.2f%%), IOC %.2f%%, cancel %.2f%%, replace %.2f%%; " +
                "trading commands %.2f%% (%d trades); %.2f events/command; rejects %d (%s)",
                commands, 100 * share(newGtcPassive + newGtcCrossing), 100 * share(newGtcCrossing), 100 * share(ioc),
                100 * share(cancels), 100 * share(replaces), 100 * share(tradingCommands), trades,
                share(events), rejectCount(), rejectSummary());
        }
    }

    /** A recorded flow: the setup commands, the state after them, and the stream generated from that state. */
    public static final class Recorded
    {
        public final Scenario scenario;
        /** Admin commands, deposits and the pre-fill orders, in order. */
        public final List<Command> setup;
        /** Snapshot ({@link BusinessLogicProcessor#writeSnapshot}) of the state after the setup. */
        public final byte[] startState;
        public final CommandStream stream;
        public final Stats stats;
        /** Resting orders and price levels over all books, after the setup and after the stream. */
        public final int startOrders;
        public final int startLevels;
        public final int endOrders;
        public final int endLevels;
        /** The oracle's state hash after the stream. */
        public final long endStateHash;

        Recorded(final Scenario scenario, final List<Command> setup, final byte[] startState, final CommandStream stream,
            final Stats stats, final int startOrders, final int startLevels, final int endOrders, final int endLevels,
            final long endStateHash)
        {
            this.scenario = scenario;
            this.setup = setup;
            this.startState = startState;
            this.stream = stream;
            this.stats = stats;
            this.startOrders = startOrders;
            this.startLevels = startLevels;
            this.endOrders = endOrders;
            this.endLevels = endLevels;
            this.endStateHash = endStateHash;
        }

        /** A fresh processor in the state the stream was generated for. Allocates the whole state. */
        public BusinessLogicProcessor startingState()
        {
            return BusinessLogicProcessor.readSnapshot(new UnsafeBuffer(startState), 0, startState.length);
        }

        @Override
        public String toString()
        {
            return String.format("%s: start %d orders on %d levels, end %d orders on %d levels; %s",
                scenario.name(), startOrders, startLevels, endOrders, endLevels, stats);
        }
    }

    private static final class LiveOrder
    {
        long orderId;
        long accountId;
        boolean sell;
        long price;
        long quantity;
        int slot;
    }

    /** The generator's view of one book: live orders (for uniform picks) and order counts per price. */
    private static final class BookModel
    {
        final TreeMap<Long, int[]> bids = new TreeMap<>();
        final TreeMap<Long, int[]> asks = new TreeMap<>();
        LiveOrder[] orders = new LiveOrder[2048];
        int size;

        void add(final LiveOrder order)
        {
            if (size == orders.length)
            {
                orders = Arrays.copyOf(orders, size * 2);
            }
            order.slot = size;
            orders[size++] = order;
            addLevel(order);
        }

        void remove(final LiveOrder order)
        {
            removeLevel(order);
            final LiveOrder last = orders[--size];
            orders[order.slot] = last;
            last.slot = order.slot;
            orders[size] = null;
        }

        void move(final LiveOrder order, final long price)
        {
            removeLevel(order);
            order.price = price;
            addLevel(order);
        }

        private void addLevel(final LiveOrder order)
        {
            (order.sell ? asks : bids).computeIfAbsent(order.price, p -> new int[1])[0]++;
        }

        private void removeLevel(final LiveOrder order)
        {
            final TreeMap<Long, int[]> side = order.sell ? asks : bids;
            final int[] count = side.get(order.price);
            if (--count[0] == 0)
            {
                side.remove(order.price);
            }
        }

        long bestBid()
        {
            return bids.isEmpty() ? 0 : bids.lastKey();
        }

        long bestAsk()
        {
            return asks.isEmpty() ? 0 : asks.firstKey();
        }

        long reference()
        {
            if (!bids.isEmpty() && !asks.isEmpty())
            {
                return (bestBid() + bestAsk()) / 2;
            }
            return !bids.isEmpty() ? bestBid() + 1 : !asks.isEmpty() ? bestAsk() - 1 : MID_PRICE;
        }

        int levels()
        {
            return bids.size() + asks.size();
        }
    }

    private final Scenario scenario;
    private final SplittableRandom random;
    private final BusinessLogicProcessor oracle = new BusinessLogicProcessor();
    private final BookModel[] books;
    private final Long2ObjectHashMap<LiveOrder> live = new Long2ObjectHashMap<>();
    private final Command command = new Command();
    private final EventListener tracker = this::track;
    private Stats stats = new Stats();
    private boolean traded;
    private long sequence;
    private long clientOrderId;

    public OrderFlow(final Scenario scenario)
    {
        this.scenario = scenario;
        this.random = new SplittableRandom(scenario.seed());
        this.books = new BookModel[scenario.instruments()];
        for (int i = 0; i < books.length; i++)
        {
            books[i] = new BookModel();
        }
    }

    /** Records the setup, snapshots the state, then records a stream of {@code length} commands. */
    public static Recorded record(final Scenario scenario, final int length)
    {
        final OrderFlow flow = new OrderFlow(scenario);
        final List<Command> setup = new ArrayList<>();
        flow.setup(command -> setup.add(new Command().copyFrom(command)));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
        final int snapshotLength = flow.oracle.writeSnapshot(buffer, 0);
        final byte[] startState = new byte[snapshotLength];
        buffer.getBytes(0, startState);
        final int startOrders = flow.restingOrders();
        final int startLevels = flow.levels();
        final CommandStream stream = new CommandStream(length);
        for (int i = 0; i < length; i++)
        {
            stream.add(flow.next());
        }
        return new Recorded(scenario, setup, startState, stream, flow.stats(), startOrders, startLevels,
            flow.restingOrders(), flow.levels(), flow.oracle.stateHash());
    }

    /**
     * Emits (and applies) the admin commands, deposits and the pre-fill: assets, accounts funded in every asset,
     * instruments, then {@code ordersPerBook} passive orders per book, books interleaved.
     */
    public void setup(final Consumer<Command> sink)
    {
        final int instruments = scenario.instruments();
        emit(sink, command.reset().type(CommandType.ADD_ASSET).assetId(QUOTE_ASSET).scale(4));
        for (int book = 0; book < instruments; book++)
        {
            emit(sink, command.reset().type(CommandType.ADD_ASSET).assetId(Scenario.baseAssetId(book)).scale(0));
        }
        emit(sink, command.reset().type(CommandType.OPEN_ACCOUNT).accountId(FEE_ACCOUNT));
        for (long account = 1; account <= scenario.accounts(); account++)
        {
            emit(sink, command.reset().type(CommandType.OPEN_ACCOUNT).accountId(account));
            emit(sink, command.reset().type(CommandType.DEPOSIT).accountId(account).assetId(QUOTE_ASSET)
                .amount(QUOTE_FUNDS));
            for (int book = 0; book < instruments; book++)
            {
                emit(sink, command.reset().type(CommandType.DEPOSIT).accountId(account)
                    .assetId(Scenario.baseAssetId(book)).amount(BASE_FUNDS));
            }
        }
        for (int book = 0; book < instruments; book++)
        {
            emit(sink, command.reset().type(CommandType.ADD_INSTRUMENT).instrumentId(Scenario.instrumentId(book))
                .baseAssetId(Scenario.baseAssetId(book)).quoteAssetId(QUOTE_ASSET).tickSize(TICK_SIZE).lotSize(1)
                .tickValue(1).minQuantity(1).maxQuantity(1_000_000).makerFeePpm(MAKER_FEE_PPM)
                .takerFeePpm(TAKER_FEE_PPM).feeAccountId(FEE_ACCOUNT));
        }
        final int band = scenario.bandTicks();
        for (int i = 0; i < scenario.ordersPerBook(); i++)
        {
            final boolean sell = (i & 1) == 1;
            for (int book = 0; book < instruments; book++)
            {
                final long price = sell ? MID_PRICE + scenario.gapTicks() + random.nextInt(band) :
                    MID_PRICE - scenario.gapTicks() - random.nextInt(band);
                emit(sink, newOrder(book, sell, TimeInForce.GTC, price, 1 + random.nextInt(100)));
            }
        }
        if (stats.rejectCount() != 0)
        {
            throw new IllegalStateException("setup rejected: " + stats.rejectSummary());
        }
        stats = new Stats();
    }

    /**
     * Generates the next stream command and applies it to the oracle.
     *
     * @return the command, in an instance the next call reuses.
     */
    public Command next()
    {
        final int book = books.length == 1 ? 0 : random.nextInt(books.length);
        final BookModel model = books[book];
        final int dice = random.nextInt(100);
        if (dice < 82 && model.size > 0)
        {
            stats.replaces++;
            replace(model);
        }
        else if (dice < 88 && model.size > 0)
        {
            stats.cancels++;
            final LiveOrder order = model.orders[random.nextInt(model.size)];
            command.reset().type(CommandType.CANCEL_ORDER).accountId(order.accountId).orderId(order.orderId);
        }
        else if (dice < 91)
        {
            stats.ioc++;
            ioc(book, model);
        }
        else
        {
            newGtc(book, model);
        }
        stats.commands++;
        apply(command);
        return command;
    }

    public Stats stats()
    {
        return stats;
    }

    /** Resting orders over all books. */
    public int restingOrders()
    {
        return live.size();
    }

    /** Price levels over all books. */
    public int levels()
    {
        int levels = 0;
        for (final BookModel book : books)
        {
            levels += book.levels();
        }
        return levels;
    }

    /** The oracle: the state after every command generated so far. */
    public BusinessLogicProcessor oracle()
    {
        return oracle;
    }

    private void replace(final BookModel model)
    {
        final LiveOrder order = model.orders[random.nextInt(model.size)];
        final long reference = model.reference();
        final int band = scenario.bandTicks();
        final long direction = order.price - reference > band ? -1 : reference - order.price > band ? 1 :
            random.nextBoolean() ? 1 : -1;
        final long price = order.price + direction > 0 ? order.price + direction : order.price + 1;
        command.reset().type(CommandType.REPLACE_ORDER).accountId(order.accountId).orderId(order.orderId)
            .price(price * TICK_SIZE).quantity(order.quantity);
    }

    private void ioc(final int book, final BookModel model)
    {
        final boolean sell = random.nextBoolean();
        final double fill = (double)model.size / scenario.ordersPerBook();
        // Book size feedback: IOCs take more liquidity when the book is above its target size, less below.
        final int maxQuantity = (int)Math.max(10, Math.min(500, 100 * fill * fill * fill));
        newOrder(book, sell, TimeInForce.IOC, crossingPrice(model, sell), 1 + random.nextInt(maxQuantity));
    }

    private void newGtc(final int book, final BookModel model)
    {
        final boolean sell = random.nextBoolean();
        final boolean crossing = random.nextDouble() < CROSSING_SHARE && (sell ? model.bestBid() : model.bestAsk()) > 0;
        final long price;
        if (crossing)
        {
            stats.newGtcCrossing++;
            price = crossingPrice(model, sell);
        }
        else
        {
            stats.newGtcPassive++;
            price = passivePrice(model, sell);
        }
        newOrder(book, sell, TimeInForce.GTC, price, 1 + random.nextInt(100));
    }

    /** At the best opposite price or up to two ticks through it; a passive price when the opposite side is empty. */
    private long crossingPrice(final BookModel model, final boolean sell)
    {
        final long opposite = sell ? model.bestBid() : model.bestAsk();
        if (opposite == 0)
        {
            return passivePrice(model, sell);
        }
        final int through = random.nextInt(3);
        return sell ? Math.max(1, opposite - through) : opposite + through;
    }

    private long passivePrice(final BookModel model, final boolean sell)
    {
        final long reference = model.reference();
        final int band = scenario.bandTicks();
        if (sell)
        {
            final long price = reference + 1 + random.nextInt(band);
            final long bestBid = model.bestBid();
            return bestBid > 0 ? Math.max(price, bestBid + 1) : price;
        }
        final long price = Math.max(1, reference - random.nextInt(band));
        final long bestAsk = model.bestAsk();
        return bestAsk > 0 ? Math.min(price, bestAsk - 1) : price;
    }

    private Command newOrder(final int book, final boolean sell, final TimeInForce timeInForce, final long price,
        final long quantity)
    {
        return command.reset().type(CommandType.NEW_ORDER).accountId(1 + random.nextInt(scenario.accounts()))
            .instrumentId(Scenario.instrumentId(book)).clientOrderId(++clientOrderId)
            .side(sell ? Side.SELL : Side.BUY).orderType(OrderType.LIMIT).timeInForce(timeInForce)
            .price(price * TICK_SIZE).quantity(quantity);
    }

    private void emit(final Consumer<Command> sink, final Command command)
    {
        apply(command);
        sink.accept(command);
    }

    private void apply(final Command command)
    {
        traded = false;
        sequence++;
        oracle.apply(command, sequence, sequence, tracker);
        if (traded)
        {
            stats.tradingCommands++;
        }
    }

    private void track(final Event event)
    {
        stats.events++;
        final EventType type = event.type();
        switch (type)
        {
            case ORDER_ACCEPTED ->
            {
                final LiveOrder order = new LiveOrder();
                order.orderId = event.orderId();
                order.accountId = event.accountId();
                order.sell = event.side() == Side.SELL;
                order.price = event.price() / TICK_SIZE;
                order.quantity = event.quantity();
                live.put(order.orderId, order);
                books[event.instrumentId() - 1].add(order);
            }
            case TRADE ->
            {
                traded = true;
                stats.trades++;
                if (event.makerRemainingQuantity() == 0)
                {
                    end(event.makerOrderId(), event.instrumentId());
                }
                if (event.takerRemainingQuantity() == 0)
                {
                    end(event.takerOrderId(), event.instrumentId());
                }
            }
            case ORDER_CANCELED -> end(event.orderId(), event.instrumentId());
            case ORDER_REPLACED ->
            {
                final LiveOrder order = live.get(event.orderId());
                books[event.instrumentId() - 1].move(order, event.price() / TICK_SIZE);
                order.quantity = event.quantity();
            }
            case ORDER_REJECTED, CANCEL_REJECTED, ADMIN_REJECTED, TRANSFER_REJECTED, QUERY_REJECTED ->
                stats.rejects[event.rejectReason().ordinal()]++;
            default ->
            {
            }
        }
    }

    private void end(final long orderId, final int instrumentId)
    {
        final LiveOrder order = live.remove(orderId);
        if (order != null)
        {
            books[instrumentId - 1].remove(order);
        }
    }
}
