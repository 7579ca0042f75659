package dev.exengine.marketdata;

import dev.exengine.client.FeedListener;
import dev.exengine.client.OrderBookBuilder;
import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.CancelReason;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.event.EventType;
import dev.exengine.protocol.feed.FeedBooks;
import dev.exengine.protocol.feed.FeedEncoder;
import dev.exengine.protocol.feed.MarketBook;
import dev.exengine.protocol.feed.MarketLevel;
import dev.exengine.protocol.feed.MarketOrder;
import dev.exengine.protocol.feed.sbe.OrderDeletedDecoder;
import dev.exengine.protocol.feed.sbe.OrderExecutedDecoder;
import dev.exengine.protocol.feed.sbe.Side;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The feed against the engine, over a seeded run of a million commands on many instruments: the business logic
 * applies each command, the {@link FeedBuilder} derives the feed from its events, and the Java client's
 * {@link OrderBookBuilder} follows the feed, decoding each message as a subscriber would. After each command (all the
 * messages its events made applied, each of which must fit the client's books) the client's book of every instrument
 * the command touched equals the engine's, level by level (price, total, order count) as the engine's depth query
 * reports it; every 10,000 commands and at the end, every order of every account (price, side, remaining quantity)
 * as the engine's open-orders query reports it, and nothing more. Each trade of the feed is the engine's trade event,
 * one for one. Every 100,000 commands a late joiner starts from a snapshot of the feed's books and follows the feed
 * from there; at the end it holds the same books. The run must have made every kind of feed message, self-trade
 * cancels and replaces that traded. {@code -Dfeed.commands=N} runs longer.
 */
class FeedEquivalenceTest
{
    private static final int COMMANDS = Integer.getInteger("feed.commands", 1_000_000);
    private static final int INSTRUMENTS = 24;
    private static final int ORDER_CHECK_EVERY = 10_000;
    private static final int LATE_JOIN_EVERY = 100_000;

    private final BusinessLogicProcessor engine = new BusinessLogicProcessor();
    private final MarketFlow flow = new MarketFlow(20_261_206L, INSTRUMENTS, 40);
    private final OrderBookBuilder client = new OrderBookBuilder(new TradeCheck());
    private final List<OrderBookBuilder> lateJoiners = new ArrayList<>();
    private final FeedBuilder feed = new FeedBuilder(this::onFeedMessage);
    private final IntHashSet touched = new IntHashSet();
    private final Event trade = new Event();
    private final Command query = new Command();
    private final EventListener levelCheck = this::onDepthLevel;
    private MarketBook checkedBook;
    private int bidLevels;
    private int askLevels;
    /** Feed messages by template id: the run must have said everything the feed can say. */
    private final long[] templates = new long[7];
    private long selfTradeCancels;
    private long crossingReplaces;
    private long lastDeleted;
    private long feedSequence;
    private long tradeEvents;
    private long feedTrades;
    private long checkedOrders;

    @Test
    void shouldHoldTheEnginesBooksAfterEveryCommandOfAMillionCommandRun()
    {
        final long start = System.nanoTime();
        for (long sequence = 1; sequence <= COMMANDS; sequence++)
        {
            final Command command = flow.next();
            final boolean everything = command.type() == CommandType.MASS_CANCEL;
            touched.clear();
            engine.apply(command, sequence, 1_700_000_000_000_000_000L + sequence * 1_000, this::onEvent);
            if (everything)
            {
                for (final int instrumentId : flow.instrumentIds())
                {
                    checkLevels(instrumentId);
                }
            }
            else
            {
                for (final IntHashSet.IntIterator it = touched.iterator(); it.hasNext(); )
                {
                    checkLevels(it.nextValue());
                }
            }
            if (sequence % ORDER_CHECK_EVERY == 0)
            {
                checkOrders();
            }
            if (sequence % LATE_JOIN_EVERY == 0)
            {
                lateJoin();
            }
        }
        checkOrders();
        for (final OrderBookBuilder joiner : lateJoiners)
        {
            assertTrue(joiner.isValid(), joiner.invalidReason());
            assertEquals(client.nextSequence(), joiner.nextSequence());
            assertSameBooks(client.books(), joiner.books());
        }
        assertEquals(tradeEvents, feedTrades, "one feed trade per engine trade");
        for (int templateId = 1; templateId < templates.length; templateId++)
        {
            // Instruments change state rarely (halts, resumes, additions); orders all the time.
            assertTrue(templates[templateId] > (templateId == 1 ? 100 : 1_000), "feed messages of template " + templateId);
        }
        assertTrue(selfTradeCancels > 1_000 && crossingReplaces > 1_000,
            selfTradeCancels + " self-trade cancels, " + crossingReplaces + " replaces that traded");
        assertTrue(tradeEvents > 100_000 && checkedOrders > 100_000 && flow.instrumentIds().length > INSTRUMENTS,
            "the run traded, rested and grew: " + tradeEvents + " trades, " + checkedOrders + " orders checked, " +
            flow.instrumentIds().length + " instruments");
        System.out.printf("feed equivalence: %,d commands, %,d feed messages, %,d trades, %,d orders checked, " +
            "%d instruments, %,d self-trade cancels, %,d replaces that traded, %.1f s%n", COMMANDS, feedSequence,
            tradeEvents, checkedOrders, flow.instrumentIds().length, selfTradeCancels, crossingReplaces,
            (System.nanoTime() - start) / 1e9);
    }

    private void onEvent(final Event event)
    {
        flow.onEvent(event);
        if (event.type() == EventType.TRADE)
        {
            tradeEvents++;
            trade.copyFrom(event);
        }
        if (event.type() == EventType.ORDER_CANCELED && event.cancelReason() == CancelReason.SELF_TRADE)
        {
            selfTradeCancels++;
        }
        if (event.instrumentId() != 0)
        {
            touched.add(event.instrumentId());
        }
        feed.onEvent(event);
    }

    private void onFeedMessage(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        feedSequence++;
        assertTrue(client.onSequenced(feedSequence, buffer, offset, length), client::invalidReason);
        for (final OrderBookBuilder joiner : lateJoiners)
        {
            assertTrue(joiner.onSequenced(feedSequence, buffer, offset, length), joiner::invalidReason);
        }
    }

    /** The engine's levels of the instrument, from its depth query, against the client's, level by level. */
    private void checkLevels(final int instrumentId)
    {
        checkedBook = client.book(instrumentId);
        assertNotNull(checkedBook, "instrument " + instrumentId);
        bidLevels = 0;
        askLevels = 0;
        query.reset().type(CommandType.QUERY_DEPTH).instrumentId(instrumentId).levels(1000).requestId(instrumentId);
        engine.apply(query, 0, 0, levelCheck);
        assertEquals(checkedBook.levelCount(Side.BUY), bidLevels, "bid levels of instrument " + instrumentId);
        assertEquals(checkedBook.levelCount(Side.SELL), askLevels, "ask levels of instrument " + instrumentId);
    }

    /** One level of the engine's depth answer against the client's level at the same depth. */
    private void onDepthLevel(final Event event)
    {
        if (event.type() != EventType.DEPTH_LEVEL)
        {
            return;
        }
        final boolean bid = event.side() == dev.exengine.core.command.Side.BUY;
        final Side side = bid ? Side.BUY : Side.SELL;
        final int depth = bid ? bidLevels++ : askLevels++;
        if (depth >= checkedBook.levelCount(side))
        {
            fail("the engine has more " + side + " levels on instrument " + event.instrumentId());
        }
        final MarketLevel level = checkedBook.level(side, depth);
        if (level.price() != event.price() || level.quantity() != event.quantity() ||
            level.orderCount() != event.count())
        {
            fail(side + " level " + depth + " of instrument " + event.instrumentId() + ": the engine's " +
                event.quantity() + "@" + event.price() + "/" + event.count() + ", the client's " + level.quantity() +
                "@" + level.price() + "/" + level.orderCount());
        }
    }

    /** Every live order of every account, from the engine's open-orders query, against the client's books. */
    private void checkOrders()
    {
        final long[] count = {0};
        for (long account = 1; account <= MarketFlow.ACCOUNTS; account++)
        {
            query.reset().type(CommandType.QUERY_OPEN_ORDERS).accountId(account).requestId(account);
            engine.apply(query, 0, 0, event ->
            {
                if (event.type() == EventType.OPEN_ORDER)
                {
                    count[0]++;
                    final MarketOrder order = client.book(event.instrumentId()).order(event.orderId());
                    assertNotNull(order, "order " + event.orderId() + " rests in the engine");
                    assertEquals(event.price(), order.price(), "price of order " + event.orderId());
                    assertEquals(event.remainingQuantity(), order.quantity(), "remaining of order " + event.orderId());
                    assertEquals(event.side().code(), order.side().value(), "side of order " + event.orderId());
                }
            });
        }
        long resting = 0;
        for (int i = 0; i < client.books().bookCount(); i++)
        {
            resting += client.books().bookAt(i).orderCount();
        }
        assertEquals(count[0], resting, "orders resting in the client's books");
        assertEquals(engine.liveOrderCount(), resting, "the engine's live orders");
        checkedOrders += resting;
    }

    /** A subscriber joining now: a snapshot of the feed's books, then the feed after it. */
    private void lateJoin()
    {
        final OrderBookBuilder joiner = new OrderBookBuilder(new FeedListener()
        {
        });
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[FeedEncoder.MAX_MESSAGE_LENGTH]);
        feed.books().writeSnapshot(feedSequence, feed.journalSequence(), feed.timestamp(), new FeedEncoder(), scratch,
            (buffer, offset, length) -> assertTrue(joiner.onUnsequenced(buffer, offset, length), joiner::invalidReason));
        assertTrue(joiner.isValid());
        assertEquals(feedSequence + 1, joiner.nextSequence());
        assertSameBooks(client.books(), joiner.books());
        lateJoiners.add(joiner);
    }

    private static void assertSameBooks(final FeedBooks expected, final FeedBooks actual)
    {
        assertEquals(expected.bookCount(), actual.bookCount(), "instruments");
        for (int i = 0; i < expected.bookCount(); i++)
        {
            final MarketBook book = expected.bookAt(i);
            final MarketBook other = actual.book(book.instrumentId());
            assertEquals(book.isHalted(), other.isHalted());
            for (final Side side : new Side[] {Side.BUY, Side.SELL})
            {
                assertEquals(book.levelCount(side), other.levelCount(side));
                for (int depth = 0; depth < book.levelCount(side); depth++)
                {
                    MarketOrder theirs = other.level(side, depth).first();
                    for (MarketOrder order = book.level(side, depth).first(); order != null; order = order.next())
                    {
                        assertEquals(order.orderId(), theirs.orderId(), "time priority");
                        assertEquals(order.quantity(), theirs.quantity());
                        assertEquals(order.price(), theirs.price());
                        theirs = theirs.next();
                    }
                }
            }
        }
    }

    /** Each trade of the feed is the engine's trade event that made it. */
    private final class TradeCheck implements FeedListener
    {
        @Override
        public void onFeedMessage(final long sequence, final FeedBooks books)
        {
            templates[books.templateId()]++;
            if (books.templateId() == OrderDeletedDecoder.TEMPLATE_ID)
            {
                lastDeleted = books.orderDeleted().orderId();
            }
            if (books.templateId() != OrderExecutedDecoder.TEMPLATE_ID)
            {
                return;
            }
            feedTrades++;
            final OrderExecutedDecoder executed = books.orderExecuted();
            if (executed.aggressorOrderId() == lastDeleted)
            {
                crossingReplaces++;
            }
            assertEquals(trade.tradeId(), executed.tradeId(), "trade id");
            assertEquals(trade.makerOrderId(), executed.orderId(), "resting order");
            assertEquals(trade.takerOrderId(), executed.aggressorOrderId(), "incoming order");
            assertEquals(trade.price(), executed.price(), "price");
            assertEquals(trade.quantity(), executed.quantity(), "quantity");
            assertEquals(trade.makerRemainingQuantity(), executed.remainingQuantity(), "what rests");
            assertEquals(trade.side().code(), executed.aggressorSide().value(), "aggressor side");
            assertEquals(trade.instrumentId(), executed.instrumentId(), "instrument");
            assertEquals(trade.sequence(), executed.journalSequence(), "journal sequence");
        }
    }
}
