package dev.exengine.server.demo;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.client.FeedClient;
import dev.exengine.client.FeedListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.protocol.feed.FeedBooks;
import dev.exengine.protocol.feed.MarketBook;
import dev.exengine.protocol.feed.MarketLevel;
import dev.exengine.protocol.feed.sbe.OrderAddedDecoder;
import dev.exengine.protocol.feed.sbe.OrderDeletedDecoder;
import dev.exengine.protocol.feed.sbe.OrderExecutedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReducedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReplacedDecoder;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A newcomer's first look at the engine: the admin and two traders of the default market log in over TCP
 * (SoupBinTCP + SBE, the Java client library). The admin tops up what the traders spend in a run (so the demo runs
 * again and again on the same journal), Bob offers 0.5 BTC on two levels, Alice buys 0.3 BTC through both and rests
 * a bid, Bob cancels what is left; then both ask for their balances and the book. Every message a user receives is
 * printed, numbered {@code #N}: its SoupBinTCP sequence number in that user's stream. Beside them a reader follows
 * the public market-data feed (anonymously, from a snapshot), and its book ends as the engine's depth query shows it.
 */
public final class TcpDemo
{
    private static final int BTC_USD = 1;
    private static final long ALICE_ACCOUNT = 1;
    private static final long BOB_ACCOUNT = 2;
    private static final int USD = 1;
    private static final int BTC = 2;
    /** What a run spends: Alice pays about 19,530 USD for 0.3 BTC and leaves a 6,450 USD bid; Bob sells 0.3 BTC. */
    private static final long USD_TOP_UP = 26_000L * 10_000;
    private static final long BTC_TOP_UP = 30_000_000;
    private static final int USD_SCALE = 4;
    private static final int BTC_SCALE = 8;
    private static final int PRICE_SCALE = 2;
    private static final long TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(20);
    private static final int DEPTH_LEVELS = 5;

    private final PrintStream out;

    public TcpDemo(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * @param feed the market-data feed's address, or null when the server runs none.
     */
    public void run(final InetSocketAddress server, final String session, final InetSocketAddress feed)
        throws IOException
    {
        final Trader admin = new Trader("admin");
        final Trader alice = new Trader("alice");
        final Trader bob = new Trader("bob");
        final Reader reader = new Reader();
        try (ExchangeClient adminClient = new ExchangeClient(admin);
            ExchangeClient aliceClient = new ExchangeClient(alice);
            ExchangeClient bobClient = new ExchangeClient(bob);
            FeedClient feedClient = new FeedClient(reader))
        {
            out.println("""
                Every message the engine sends a user is printed as it arrives: "alice #12" is message 12 of alice's
                stream, its SoupBinTCP sequence number. Each user's stream is numbered from 1 in the session and kept
                across runs; the demo asks only for new messages, so a user's numbers go on from where the last run
                (or, for alice and bob, the starting market) left them, without gaps.""");
            login(adminClient, "admin", "admin-demo", server, session);
            login(aliceClient, "alice", "alice-demo", server, session);
            login(bobClient, "bob", "bob-demo", server, session);
            if (feed != null)
            {
                out.printf("feed  a reader subscribes anonymously to the market-data feed at %s%n", feed);
                feedClient.connect(feed.getHostString(), feed.getPort());
                if (!feedClient.subscribe("", "", 0))
                {
                    throw new IllegalStateException("the feed refused an anonymous reader: '" +
                        feedClient.loginRejectReason() + "'");
                }
            }
            final Pump pump = new Pump(feed == null ? null : feedClient, adminClient, aliceClient, bobClient);
            // Client order ids must be unique among an account's live orders, and a movement id among the account's
            // deposits (a resent top-up credits once); a clock is good enough for a demo.
            final long clientOrderId = System.currentTimeMillis() * 10;
            adminClient.deposit(ALICE_ACCOUNT, USD, USD_TOP_UP, clientOrderId);
            adminClient.deposit(BOB_ACCOUNT, BTC, BTC_TOP_UP, clientOrderId);
            pump.until(() -> admin.adminResults >= 2);

            bobClient.newOrder(BOB_ACCOUNT, BTC_USD, clientOrderId, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
                false, 6_500_000, 20_000_000);
            bobClient.newOrder(BOB_ACCOUNT, BTC_USD, clientOrderId + 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
                false, 6_510_000, 30_000_000);
            pump.until(() -> bob.answered >= 2);
            aliceClient.newOrder(ALICE_ACCOUNT, BTC_USD, clientOrderId + 2, Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, false, 6_510_000, 30_000_000);
            aliceClient.newOrder(ALICE_ACCOUNT, BTC_USD, clientOrderId + 3, Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, false, 6_450_000, 10_000_000);
            pump.until(() -> alice.answered >= 2);
            bobClient.massCancel(BOB_ACCOUNT, BTC_USD);
            pump.until(() -> bob.massCanceled);

            aliceClient.queryBalances(1, ALICE_ACCOUNT);
            bobClient.queryBalances(2, BOB_ACCOUNT);
            aliceClient.queryDepth(3, BTC_USD, DEPTH_LEVELS);
            pump.until(() -> alice.queriesDone >= 2 && bob.queriesDone >= 1);
            if (feed != null)
            {
                pump.until(() -> reader.shows(feedClient.books().book(BTC_USD), alice.depth));
                out.printf("feed  the reader's book is the engine's: %d levels after feed message %d%n",
                    alice.depth.size(), feedClient.books().nextSequence() - 1);
                feedClient.logout();
            }
            adminClient.logout();
            aliceClient.logout();
            bobClient.logout();
        }
    }

    private void login(
        final ExchangeClient client, final String user, final String password, final InetSocketAddress server,
        final String session) throws IOException
    {
        client.connect(server.getHostString(), server.getPort());
        if (!client.login(user, password, session, 0))
        {
            throw new IllegalStateException(user + " could not log in: reason '" + client.loginRejectReason() + "'");
        }
        out.printf("%-5s logged in to session %s over SoupBinTCP%n", user, client.session());
    }

    /** Polls the demo's clients on this thread until a condition holds. */
    private static final class Pump
    {
        private final FeedClient feed;
        private final ExchangeClient[] clients;

        /**
         * @param feed null when there is no feed.
         */
        Pump(final FeedClient feed, final ExchangeClient... clients)
        {
            this.feed = feed;
            this.clients = clients;
        }

        void until(final BooleanSupplier condition) throws IOException
        {
            final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            while (!condition.getAsBoolean())
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw new IllegalStateException("the engine did not answer within " + TIMEOUT_MILLIS + " ms");
                }
                int work = feed == null ? 0 : feed.poll();
                for (final ExchangeClient client : clients)
                {
                    work += client.poll();
                }
                if (work == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Prints what one trader receives and counts what the demo waits for. */
    private final class Trader implements ExchangeListener
    {
        private final String name;
        private int answered;
        private int adminResults;
        private int queriesDone;
        private boolean massCanceled;
        /** The last depth answers: side, price, quantity, orders. */
        private final List<long[]> depth = new ArrayList<>();

        Trader(final String name)
        {
            this.name = name;
        }

        @Override
        public void onOrderAccepted(final long sequence, final Event event)
        {
            answered++;
            print(sequence, "accepted  order %d: %s %s BTC @ %s USD", event.orderId(), event.side(),
                btc(event.quantity()), usd(event.price()));
        }

        @Override
        public void onOrderRejected(final long sequence, final Event event)
        {
            answered++;
            print(sequence, "REJECTED  %s", event.rejectReason());
        }

        @Override
        public void onAdminResult(final long sequence, final Event event)
        {
            adminResults++;
            print(sequence, "%s %s of %s %s to account %d", event.type() == EventType.ADMIN_DONE ? "done     " : "REJECTED ",
                event.commandType(), assetName(event.assetId()), amount(event.assetId(), event.amount()),
                event.accountId());
        }

        @Override
        public void onTrade(final long sequence, final Event event, final boolean maker)
        {
            print(sequence, "trade     %s %s BTC @ %s USD as %s, fee %s USD, %s BTC left", event.side(),
                btc(event.quantity()), usd(event.price()), maker ? "maker" : "taker",
                decimal(maker ? event.makerFee() : event.takerFee(), USD_SCALE), btc(event.remainingQuantity()));
        }

        @Override
        public void onOrderCanceled(final long sequence, final Event event)
        {
            print(sequence, "canceled  order %d (%s), %s BTC unfilled", event.orderId(), event.cancelReason(),
                btc(event.remainingQuantity()));
        }

        @Override
        public void onMassCancelDone(final long sequence, final Event event)
        {
            massCanceled = true;
            print(sequence, "canceling %d order(s) on instrument %d", event.count(), event.instrumentId());
        }

        @Override
        public void onBalanceUpdate(final long sequence, final Event event)
        {
            print(sequence, "changed   %s available %s, held %s", assetName(event.assetId()),
                amount(event.assetId(), event.available()), amount(event.assetId(), event.held()));
        }

        @Override
        public void onQueryAnswer(final long sequence, final Event event)
        {
            if (event.type() == EventType.BALANCE)
            {
                print(sequence, "balance   %s available %s, held %s", assetName(event.assetId()),
                    amount(event.assetId(), event.available()), amount(event.assetId(), event.held()));
            }
            else if (event.type() == EventType.DEPTH_LEVEL)
            {
                depth.add(new long[] {event.side().code(), event.price(), event.quantity(), event.count()});
                print(sequence, "book      %s %s BTC @ %s USD (%d orders)", event.side(), btc(event.quantity()),
                    usd(event.price()), event.count());
            }
            else if (event.type() == EventType.QUERY_DONE)
            {
                queriesDone++;
                print(sequence, "done      query %d: %d answer(s)", event.requestId(), event.count());
            }
            else
            {
                onMessage(sequence, event);
            }
        }

        /** Any other message (a reject, should one come): the engine's canonical text, so that none goes unprinted. */
        @Override
        public void onMessage(final long sequence, final Event event)
        {
            print(sequence, "%s", event);
        }

        private void print(final long sequence, final String format, final Object... arguments)
        {
            out.printf("%-5s #%-4d %s%n", name, sequence, String.format(format, arguments));
        }
    }

    /** Prints what the public feed says: no account, no user, only orders by their public ids, and trades. */
    private final class Reader implements FeedListener
    {
        @Override
        public void onSnapshot(final long feedSequence)
        {
            out.printf("feed  #%-4d snapshot: every book as of feed message %d%n", feedSequence, feedSequence);
        }

        @Override
        public void onFeedMessage(final long sequence, final FeedBooks books)
        {
            final String text = switch (books.templateId())
            {
                case OrderAddedDecoder.TEMPLATE_ID -> String.format("order %d rests: %s %s BTC @ %s USD",
                    books.orderAdded().orderId(), books.orderAdded().side(), btc(books.orderAdded().quantity()),
                    usd(books.orderAdded().price()));
                case OrderExecutedDecoder.TEMPLATE_ID -> String.format("trade %d: %s BTC @ %s USD, a %s took " +
                    "order %d (%s BTC left)", books.orderExecuted().tradeId(), btc(books.orderExecuted().quantity()),
                    usd(books.orderExecuted().price()), books.orderExecuted().aggressorSide(),
                    books.orderExecuted().orderId(), btc(books.orderExecuted().remainingQuantity()));
                case OrderDeletedDecoder.TEMPLATE_ID -> "order " + books.orderDeleted().orderId() + " left the book";
                case OrderReducedDecoder.TEMPLATE_ID -> "order " + books.orderReduced().orderId() + " reduced";
                case OrderReplacedDecoder.TEMPLATE_ID -> "order " + books.orderReplaced().orderId() + " replaced";
                default -> "instrument " + books.instrumentState().instrumentId() + " " +
                    books.instrumentState().instrumentEvent();
            };
            out.printf("feed  #%-4d %s%n", sequence, text);
        }

        /** Whether the book shows these levels (side, price, quantity, orders; bids best first, then asks). */
        boolean shows(final MarketBook book, final List<long[]> levels)
        {
            if (book == null)
            {
                return false;
            }
            int bid = 0;
            int ask = 0;
            for (final long[] level : levels)
            {
                final dev.exengine.protocol.feed.sbe.Side side = level[0] == Side.BUY.code() ?
                    dev.exengine.protocol.feed.sbe.Side.BUY : dev.exengine.protocol.feed.sbe.Side.SELL;
                final int depth = side == dev.exengine.protocol.feed.sbe.Side.BUY ? bid++ : ask++;
                if (depth >= book.levelCount(side))
                {
                    return false;
                }
                final MarketLevel mine = book.level(side, depth);
                if (mine.price() != level[1] || mine.quantity() != level[2] || mine.orderCount() != level[3])
                {
                    return false;
                }
            }
            // The query shows at most DEPTH_LEVELS a side: a side it shows fewer of has no more.
            return (bid == DEPTH_LEVELS || book.levelCount(dev.exengine.protocol.feed.sbe.Side.BUY) == bid) &&
                (ask == DEPTH_LEVELS || book.levelCount(dev.exengine.protocol.feed.sbe.Side.SELL) == ask);
        }
    }

    /** The demo's two assets: USD and BTC. */
    private static String assetName(final int assetId)
    {
        return assetId == USD ? "USD" : "BTC";
    }

    private static String amount(final int assetId, final long units)
    {
        return decimal(units, assetId == USD ? USD_SCALE : BTC_SCALE);
    }

    private static String btc(final long units)
    {
        return decimal(units, BTC_SCALE);
    }

    private static String usd(final long price)
    {
        return decimal(price, PRICE_SCALE);
    }

    private static String decimal(final long units, final int scale)
    {
        return BigDecimal.valueOf(units, scale).toPlainString();
    }
}
