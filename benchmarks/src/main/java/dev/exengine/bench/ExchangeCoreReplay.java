package dev.exengine.bench;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.CancelReason;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.event.EventType;
import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.L2MarketData;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.IOrderBook;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link OrderFlow} in exchange-core's terms, replayed into exchange-core 0.5.3's Direct order book
 * ({@link OrderBookDirectImpl}, one per instrument, on one object pool sized as its matching engine sizes it), so
 * that the project's whole business logic and the peer's book alone can be measured on the same commands.
 *
 * <p>The commands are translated from a reference run of the project's engine over the flow (the setup, then the
 * stream), which also records that run's {@link #engineFills() trades}:
 * <ul>
 *     <li>a GTC or IOC limit order is exchange-core's PLACE_ORDER of that type, with the engine's order id (the peer
 *     takes ids from its caller), the account as the uid, the same price in ticks and quantity in lots;</li>
 *     <li>a cancel is CANCEL_ORDER;</li>
 *     <li>a replace is MOVE_ORDER to the new price: the flow only moves prices and keeps the total quantity, which is
 *     what a move does (the translation refuses a replace that changes the quantity). Both lose time priority and
 *     match a crossing price as a taker before resting;</li>
 *     <li>the peer has no self-trade prevention: where the engine canceled a resting order of the taker's own account
 *     while matching (cancel reason SELF_TRADE), the translation cancels that order just before the command, so that
 *     both books match against the same orders (a cancel met in the walk and a cancel before it leave the same
 *     queue behind). Admin commands and deposits have nothing to translate: the peer's book has no accounts, risk,
 *     holds or fees.</li>
 * </ul>
 * A bid's reserve price (exchange-core's hold price, above which it refuses to move a bid of a currency pair) is
 * the largest long, so the check runs and never refuses; the project's replace recomputes the hold instead.
 *
 * <p>{@link #apply} walks the peer's events (a linked chain it allocates per trade, cancel and rejected IOC
 * remainder: its event pooling is off in 0.5.3) and counts them; everything else in it allocates nothing after
 * {@link #reset}, which builds the books and places the pre-fill.
 */
public final class ExchangeCoreReplay
{
    private static final byte PLACE_GTC = 0;
    private static final byte PLACE_IOC = 1;
    private static final byte CANCEL = 2;
    private static final byte MOVE = 3;
    /** What {@link OrderFlow}'s QUERY_DEPTH may ask for; a book of the flow has fewer levels a side. */
    private static final int DEPTH_LEVELS = 1_000;

    private final int books;
    private final int prefill;
    /** The peer commands of stream command i are [first[i], first[i + 1]): self-trade cancels, then the command. */
    private final int[] first;
    private byte[] kind;
    private boolean[] ask;
    private int[] book;
    private long[] orderId;
    private long[] uid;
    private long[] price;
    private long[] size;
    private final Fills engineFills;
    private final BusinessLogicProcessor engineEnd;
    private final OrderCommand command = new OrderCommand();
    private IOrderBook[] orderBooks;
    private int length;
    private long selfTradeCancels;

    private ExchangeCoreReplay(final OrderFlow.Recorded flow)
    {
        // Self-trade cancels are rare: the arrays grow for them.
        final int capacity = flow.setup.size() + flow.stream.length();
        books = flow.scenario.instruments();
        first = new int[flow.stream.length() + 1];
        kind = new byte[capacity];
        ask = new boolean[capacity];
        book = new int[capacity];
        orderId = new long[capacity];
        uid = new long[capacity];
        price = new long[capacity];
        size = new long[capacity];
        engineFills = new Fills();
        engineEnd = new BusinessLogicProcessor();
        final Translation translation = new Translation();
        long sequence = 0;
        for (final Command setup : flow.setup)
        {
            translation.begin(setup, -1);
            engineEnd.apply(setup, ++sequence, sequence, translation);
            translation.end();
        }
        prefill = length;
        for (int i = 0; i < flow.stream.length(); i++)
        {
            final Command streamed = flow.stream.command(i);
            first[i] = length;
            translation.begin(streamed, i);
            engineEnd.apply(streamed, ++sequence, sequence, translation);
            translation.end();
        }
        first[flow.stream.length()] = length;
        if (engineEnd.stateHash() != flow.endStateHash)
        {
            throw new IllegalStateException("the reference run did not reach the flow's end state");
        }
    }

    /**
     * Runs the project's engine over the flow from an empty state (its setup, then its stream) and translates every
     * order command. Not for the timed path.
     */
    public static ExchangeCoreReplay of(final OrderFlow.Recorded flow)
    {
        return new ExchangeCoreReplay(flow);
    }

    /** The trades of the reference run of the project's engine. */
    public Fills engineFills()
    {
        return engineFills;
    }

    /** Orders canceled before a command because the engine's self-trade prevention canceled them in it. */
    public long selfTradeCancels()
    {
        return selfTradeCancels;
    }

    /** New books, one per instrument, with the pre-fill placed: the state the stream starts from. Allocates. */
    public void reset()
    {
        final Map<Integer, Integer> poolSizes = new HashMap<>();
        poolSizes.put(ObjectsPool.DIRECT_ORDER, 1024 * 1024);
        poolSizes.put(ObjectsPool.DIRECT_BUCKET, 1024 * 64);
        poolSizes.put(ObjectsPool.ART_NODE_4, 1024 * 32);
        poolSizes.put(ObjectsPool.ART_NODE_16, 1024 * 16);
        poolSizes.put(ObjectsPool.ART_NODE_48, 1024 * 8);
        poolSizes.put(ObjectsPool.ART_NODE_256, 1024 * 4);
        final ObjectsPool pool = new ObjectsPool(poolSizes);
        orderBooks = new IOrderBook[books];
        for (int i = 0; i < books; i++)
        {
            final CoreSymbolSpecification spec = CoreSymbolSpecification.builder()
                .symbolId(OrderFlow.Scenario.instrumentId(i)).type(SymbolType.CURRENCY_EXCHANGE_PAIR)
                .baseCurrency(OrderFlow.Scenario.baseAssetId(i)).quoteCurrency(OrderFlow.QUOTE_ASSET)
                .baseScaleK(1).quoteScaleK(1).build();
            orderBooks[i] = new OrderBookDirectImpl(
                spec, pool, OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER, LoggingConfiguration.DEFAULT);
        }
        for (int p = 0; p < prefill; p++)
        {
            checkSucceeded(place(p), p);
        }
    }

    /**
     * Applies stream command {@code index} (with any self-trade cancels before it) to the books.
     *
     * @return the number of events the peer reported for it.
     */
    public int apply(final int index)
    {
        int events = 0;
        for (int p = first[index], end = first[index + 1]; p < end; p++)
        {
            place(p);
            for (MatcherTradeEvent event = command.matcherEvent; event != null; event = event.nextEvent)
            {
                events++;
            }
        }
        return events;
    }

    /** Applies the whole stream from {@link #reset()} and records its trades, checking that every command succeeded. */
    public Fills run()
    {
        reset();
        final Fills fills = new Fills();
        for (int i = 0; i < first.length - 1; i++)
        {
            for (int p = first[i]; p < first[i + 1]; p++)
            {
                checkSucceeded(place(p), p);
                for (MatcherTradeEvent event = command.matcherEvent; event != null; event = event.nextEvent)
                {
                    if (event.eventType == MatcherEventType.TRADE)
                    {
                        fills.add(i, OrderFlow.Scenario.instrumentId(book[p]), event.matchedOrderId, orderId[p],
                            event.price, event.size);
                    }
                }
            }
        }
        return fills;
    }

    /**
     * @return null when every book of the peer (as the last {@link #run} left it) and of the reference run of the
     * engine holds the same price levels, each with the same quantity and number of orders; else the first book
     * that differs, with both.
     */
    public String firstDepthDifference()
    {
        final DepthText engineDepth = new DepthText();
        final Command query = new Command();
        for (int i = 0; i < books; i++)
        {
            final int instrumentId = OrderFlow.Scenario.instrumentId(i);
            engineDepth.text.setLength(0);
            engineEnd.apply(query.reset().type(CommandType.QUERY_DEPTH).instrumentId(instrumentId).requestId(1)
                .levels(DEPTH_LEVELS), 0, 0, engineDepth);
            final L2MarketData peer = orderBooks[i].getL2MarketDataSnapshot(DEPTH_LEVELS);
            final StringBuilder peerDepth = new StringBuilder();
            for (int level = 0; level < peer.bidSize; level++)
            {
                appendLevel(peerDepth, Side.BUY, peer.bidPrices[level], peer.bidVolumes[level], peer.bidOrders[level]);
            }
            for (int level = 0; level < peer.askSize; level++)
            {
                appendLevel(peerDepth, Side.SELL, peer.askPrices[level], peer.askVolumes[level], peer.askOrders[level]);
            }
            if (!engineDepth.text.toString().equals(peerDepth.toString()))
            {
                return "instrument " + instrumentId + ": engine " + engineDepth.text + " against exchange-core " +
                    peerDepth;
            }
        }
        return null;
    }

    /** Sets the reused command to peer command {@code p} and has the book process it, as its matching engine does. */
    private CommandResultCode place(final int p)
    {
        final OrderCommand command = this.command;
        command.matcherEvent = null;
        command.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
        command.orderId = orderId[p];
        command.uid = uid[p];
        command.price = price[p];
        command.size = size[p];
        command.action = ask[p] ? OrderAction.ASK : OrderAction.BID;
        command.reserveBidPrice = Long.MAX_VALUE;
        switch (kind[p])
        {
            case PLACE_GTC ->
            {
                command.command = OrderCommandType.PLACE_ORDER;
                command.orderType = OrderType.GTC;
            }
            case PLACE_IOC ->
            {
                command.command = OrderCommandType.PLACE_ORDER;
                command.orderType = OrderType.IOC;
            }
            case CANCEL -> command.command = OrderCommandType.CANCEL_ORDER;
            default -> command.command = OrderCommandType.MOVE_ORDER;
        }
        return IOrderBook.processCommand(orderBooks[book[p]], command);
    }

    private void checkSucceeded(final CommandResultCode result, final int p)
    {
        if (result != CommandResultCode.SUCCESS)
        {
            throw new IllegalStateException("exchange-core answered " + result + " to peer command " + p + " (kind " +
                kind[p] + ", order " + orderId[p] + ")");
        }
    }

    private void add(final byte kind, final int instrumentId, final Side side, final long orderId, final long uid,
        final long price, final long size)
    {
        if (length == this.kind.length)
        {
            final int capacity = 2 * length;
            this.kind = Arrays.copyOf(this.kind, capacity);
            this.ask = Arrays.copyOf(this.ask, capacity);
            this.book = Arrays.copyOf(this.book, capacity);
            this.orderId = Arrays.copyOf(this.orderId, capacity);
            this.uid = Arrays.copyOf(this.uid, capacity);
            this.price = Arrays.copyOf(this.price, capacity);
            this.size = Arrays.copyOf(this.size, capacity);
        }
        final int p = length++;
        this.kind[p] = kind;
        this.ask[p] = side == Side.SELL;
        this.book[p] = instrumentId - 1;
        this.orderId[p] = orderId;
        this.uid[p] = uid;
        this.price[p] = price;
        this.size[p] = size;
    }

    private static void appendLevel(
        final StringBuilder text, final Side side, final long price, final long quantity, final long orders)
    {
        text.append(side == Side.BUY ? 'B' : 'S').append(price).append('x').append(quantity).append('/')
            .append(orders).append(' ');
    }

    /** Collects the engine's depth levels as text comparable with the peer's. */
    private static final class DepthText implements EventListener
    {
        final StringBuilder text = new StringBuilder();

        @Override
        public void onEvent(final Event event)
        {
            if (event.type() == EventType.DEPTH_LEVEL)
            {
                appendLevel(text, event.side(), event.price(), event.quantity(), event.count());
            }
        }
    }

    /**
     * Follows the events of one command of the reference run and adds its peer commands once it is complete: the
     * self-trade cancels first (the engine cancels only resting orders, never the taker), then the command, named by
     * its first event (instrument, side and, for a new order, the id the engine gave it).
     */
    private final class Translation implements EventListener
    {
        private final Long2LongHashMap totalQuantity = new Long2LongHashMap(-1);
        private long[] cancels = new long[3 * 16];
        private int cancelsEnd;
        private Command current;
        private int index;
        private boolean translated;
        private byte kind;
        private int instrumentId;
        private Side side;
        private long orderId;
        private long uid;
        private long price;
        private long size;

        void begin(final Command command, final int index)
        {
            current = command;
            this.index = index;
            cancelsEnd = 0;
            translated = false;
        }

        void end()
        {
            final CommandType type = current.type();
            if (type != CommandType.NEW_ORDER && type != CommandType.CANCEL_ORDER && type != CommandType.REPLACE_ORDER)
            {
                return;
            }
            if (!translated)
            {
                throw new IllegalStateException("the engine rejected " + current + ": the flow must have no rejects, " +
                    "the peer's book has no risk to reject with");
            }
            for (int c = 0; c < cancelsEnd; c += 3)
            {
                selfTradeCancels++;
                add(CANCEL, (int)cancels[c + 2], Side.BUY, cancels[c], cancels[c + 1], 0, 0);
            }
            add(kind, instrumentId, side, orderId, uid, price, size);
        }

        @Override
        public void onEvent(final Event event)
        {
            switch (event.type())
            {
                case ORDER_ACCEPTED ->
                {
                    totalQuantity.put(event.orderId(), event.quantity());
                    translate(event.timeInForce() == TimeInForce.IOC ? PLACE_IOC : PLACE_GTC, event);
                }
                case ORDER_REPLACED ->
                {
                    if (totalQuantity.get(event.orderId()) != event.quantity())
                    {
                        throw new IllegalStateException("a replace that changes the quantity has no exchange-core " +
                            "move: " + current);
                    }
                    translate(MOVE, event);
                }
                case ORDER_CANCELED ->
                {
                    if (event.cancelReason() == CancelReason.CLIENT)
                    {
                        translate(CANCEL, event);
                    }
                    else if (event.cancelReason() == CancelReason.SELF_TRADE)
                    {
                        if (cancelsEnd == cancels.length)
                        {
                            cancels = Arrays.copyOf(cancels, 2 * cancels.length);
                        }
                        cancels[cancelsEnd++] = event.orderId();
                        cancels[cancelsEnd++] = event.accountId();
                        cancels[cancelsEnd++] = event.instrumentId();
                    }
                }
                case TRADE -> engineFills.add(index, event.instrumentId(), event.makerOrderId(), event.takerOrderId(),
                    event.price(), event.quantity());
                default ->
                {
                }
            }
        }

        private void translate(final byte kind, final Event event)
        {
            this.kind = kind;
            instrumentId = event.instrumentId();
            side = event.side();
            orderId = event.orderId();
            uid = event.accountId();
            price = event.price();
            size = event.quantity();
            translated = true;
        }
    }
}
