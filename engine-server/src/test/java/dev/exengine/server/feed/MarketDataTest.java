package dev.exengine.server.feed;

import com.paritytrading.nassau.soupbintcp.SoupBinTCP;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClient;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClientStatusListener;
import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.client.FeedClient;
import dev.exengine.client.FeedListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.gateway.feed.FeedConfig;
import dev.exengine.gateway.feed.FeedServer;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.protocol.feed.FeedBooks;
import dev.exengine.protocol.feed.MarketBook;
import dev.exengine.protocol.feed.MarketLevel;
import dev.exengine.protocol.feed.sbe.OrderExecutedDecoder;
import dev.exengine.protocol.feed.sbe.PriceLevelsDecoder;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import dev.exengine.server.gateway.GatewayFixture;
import dev.exengine.server.gateway.GatewayFixture.Recorder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static dev.exengine.server.gateway.GatewayFixture.ALICE_ACCOUNT;
import static dev.exengine.server.gateway.GatewayFixture.BOB_ACCOUNT;
import static dev.exengine.server.gateway.GatewayFixture.INSTRUMENT;
import static dev.exengine.server.gateway.GatewayFixture.LOT;
import static dev.exengine.server.gateway.GatewayFixture.TICK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The market-data feed of a real node, over TCP, next to trading clients: a subscriber follows the books live, joins
 * late from a snapshot, resumes from its sequence number after a dropped connection and across a restart of the node,
 * takes the conflated price levels; a standard SoupBinTCP client (Nassau) reads it from message 1; one that stops
 * reading is disconnected, wrong credentials are refused, junk ends the connection that sent it. In each, the books the subscriber holds are the engine's (its depth query) and the
 * trading clients get every answer they are owed. Timeouts are short and nothing sleeps: every wait polls for a
 * condition.
 */
class MarketDataTest
{
    private static final long TIMEOUT_MILLIS = 20_000;

    @TempDir
    Path directory;

    private GatewayFixture fixture;
    private final List<FeedClient> feeds = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private long clientOrderId;

    @AfterEach
    void tearDown() throws IOException
    {
        feeds.forEach(FeedClient::close);
        for (final Socket socket : sockets)
        {
            socket.close();
        }
        if (fixture != null)
        {
            fixture.stop();
        }
    }

    @Test
    void shouldFollowEveryBookAndTradeLiveFromTheFirstMessage() throws IOException
    {
        start(config -> config.anonymous(true));
        final FeedRecorder seen = new FeedRecorder();
        final FeedClient feed = subscribe(seen, 1);
        final Trader trader = new Trader();
        trader.trade(60);

        trader.syncFeed(feed);
        trader.assertSameBook(feed);
        assertEquals(trader.trades, seen.trades.size(), "one OrderExecuted per trade");
        assertEquals(1, seen.logins.size());
        assertEquals(List.of(), seen.resets);
        assertEquals(0, feed.duplicates());
    }

    @Test
    void shouldStartALateSubscriberFromASnapshotAndGoOnWithoutAGap() throws IOException
    {
        start(config -> config.anonymous(true));
        final Trader trader = new Trader();
        trader.trade(40);
        trader.syncFeed(subscribe(new FeedRecorder(), 1));
        final long before = fixture.node().marketData().lastSequence();

        final FeedRecorder seen = new FeedRecorder();
        final FeedClient late = subscribe(seen, 0);
        poll(() -> !seen.snapshots.isEmpty(), () -> seen, late);
        assertTrue(seen.snapshots.get(0) >= before, "the snapshot includes everything before the login");
        trader.assertSameBook(late);
        trader.trade(40);

        trader.syncFeed(late);
        trader.assertSameBook(late);
        assertEquals(seen.snapshots.get(0) + 1, seen.sequences.get(0), "the feed goes on after the snapshot");
        assertEquals(seen.sequences.size(), late.books().nextSequence() - seen.snapshots.get(0) - 1, "no gap");
    }

    @Test
    void shouldResumeFromItsSequenceAfterADroppedConnection() throws IOException
    {
        start(config -> config.anonymous(true));
        final FeedRecorder seen = new FeedRecorder();
        final FeedClient feed = subscribe(seen, 1);
        final Trader trader = new Trader();
        trader.trade(30);
        trader.syncFeed(feed);

        feed.disconnect();
        trader.trade(30);
        trader.syncFeed(feed);

        trader.assertSameBook(feed);
        assertEquals(1, feed.reconnects());
        assertEquals(0, feed.duplicates());
        assertEquals(List.of(), seen.resets);
        assertContiguous(seen.sequences);
    }

    @Test
    void shouldResumeAcrossARestartOfTheNodeWithTheSameSequenceNumbers() throws IOException
    {
        final int port = freePort();
        final UnaryOperator<FeedConfig> config = feed -> feed.anonymous(true)
            .port(feed.port().listenAddress(new InetSocketAddress("127.0.0.1", port)));
        start(config);
        final FeedRecorder seen = new FeedRecorder();
        final FeedClient feed = subscribe(seen, 1);
        Trader trader = new Trader();
        trader.trade(30);
        trader.syncFeed(feed);
        final String session = feed.session();
        final long lastBefore = fixture.node().marketData().lastSequence();

        fixture.stop();
        fixture.start();
        assertEquals(lastBefore, fixture.node().marketData().lastSequence(), "the stored feed, nothing derived twice");
        assertEquals(session, fixture.node().marketData().sessionId(), "the same feed");
        trader = new Trader();
        trader.trade(30);
        trader.syncFeed(feed);

        trader.assertSameBook(feed);
        assertEquals(List.of(), seen.resets);
        assertContiguous(seen.sequences);
        assertTrue(feed.reconnects() >= 1);
    }

    @Test
    void shouldDeriveTheSameFeedAgainFromTheJournalAlone() throws IOException
    {
        start(config -> config.anonymous(true));
        final FeedRecorder first = new FeedRecorder();
        final FeedClient feed = subscribe(first, 1);
        final Trader trader = new Trader();
        trader.trade(50);
        trader.syncFeed(feed);
        feed.close();
        fixture.stop();
        deleteRecursively(directory.resolve("market-data"));

        fixture.start();
        final FeedRecorder again = new FeedRecorder();
        final FeedClient replayed = subscribe(again, 1);
        poll(() -> again.messages.size() >= first.messages.size(), () -> again, replayed);
        assertEquals(first.messages, again.messages.subList(0, first.messages.size()), "byte for byte");
    }

    @Test
    void shouldDisconnectASubscriberThatStopsReadingAndDisturbNoOneElse() throws IOException
    {
        start(config -> config.anonymous(true).maxLagMessages(500)
            .port(config.port().sendBufferBytes(8 << 10).socketSendBufferBytes(8 << 10)));
        final Socket stalled = rawLogin("", "", "", 1);
        final FeedRecorder seen = new FeedRecorder();
        final FeedClient reader = subscribe(seen, 1);
        final Trader trader = new Trader();

        // Far more than the buffers on the way hold: 8 KiB in the server, 8 KiB in its kernel, a few in the reader's.
        trader.trade(2000, reader);
        trader.syncFeed(reader);

        final FeedServer server = fixture.node().marketData();
        poll(() -> server.metrics().disconnects(DisconnectReason.SLOW_CONSUMER) == 1,
            () -> server.metrics().disconnects(DisconnectReason.SLOW_CONSUMER), reader);
        trader.assertSameBook(reader);
        assertEquals(List.of(), seen.resets);
        assertEquals(0, trader.recorder.count("ORDER_REJECTED"), "every order went through");
        assertTrue(drainsToEnd(stalled), "its connection ends once what was queued is offered");
    }

    @Test
    void shouldRefuseWrongCredentialsAndAnonymousReadersWhenNotAllowed() throws IOException
    {
        start(config -> config.port(config.port().users(UserDirectory.of(
            new User("reader", PasswordHash.create("readpw".toCharArray(), 1_000), false)))));
        final Trader trader = new Trader();

        final FeedRecorder wrong = new FeedRecorder();
        assertFalse(feed(wrong).subscribe("reader", "nope", 1));
        assertEquals(List.of("rejected A"), wrong.logins);
        final FeedRecorder anonymous = new FeedRecorder();
        assertFalse(feed(anonymous).subscribe("", "", 1));
        assertEquals(List.of("rejected A"), anonymous.logins);
        final FeedRecorder unknown = new FeedRecorder();
        assertFalse(feed(unknown).subscribe("alice", "alicepw", 1), "a trading user is no feed user");

        final FeedClient reader = feed(new FeedRecorder());
        assertTrue(reader.subscribe("reader", "readpw", 1));
        trader.trade(20);
        trader.syncFeed(reader);
        trader.assertSameBook(reader);
        assertEquals(3, fixture.node().marketData().metrics().logins(GatewayMetrics.LoginOutcome.REJECTED));
    }

    @Test
    void shouldEndTheConnectionOfASubscriberThatSendsJunkAndNoOneElse() throws IOException
    {
        start(config -> config.anonymous(true));
        final FeedRecorder seen = new FeedRecorder();
        final FeedClient reader = subscribe(seen, 1);
        final Trader trader = new Trader();

        final Socket garbage = connect();
        garbage.getOutputStream().write(new byte[] {0, 0, 'x', 1, 2, 3});
        final Socket afterLogin = rawLogin("", "", "", 0);
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[16]);
        final int length = PacketWriter.data(packet, 0, SoupBinTcp.UNSEQUENCED_DATA, new UnsafeBuffer(new byte[4]), 0, 4);
        afterLogin.getOutputStream().write(packet.byteArray(), 0, length);

        assertTrue(drainsToEnd(garbage));
        assertTrue(drainsToEnd(afterLogin));
        trader.trade(30);
        trader.syncFeed(reader);
        trader.assertSameBook(reader);
        assertEquals(2, fixture.node().marketData().metrics().disconnects(DisconnectReason.PROTOCOL_VIOLATION));
        assertEquals(List.of(), seen.resets);
    }

    @Test
    void shouldSendTheConflatedPriceLevelsOfEachInstrument() throws IOException
    {
        start(config -> config.anonymous(true).priceLevels(5).priceLevelsIntervalMillis(20));
        final Trader trader = new Trader();
        trader.trade(40);
        trader.syncFeed(subscribe(new FeedRecorder(), 1));
        final FeedRecorder seen = new FeedRecorder();
        final FeedClient levels = feed(seen);
        assertTrue(levels.subscribePriceLevels("", ""));

        final List<long[]> depth = trader.depth();
        final long bids = depth.stream().filter(level -> level[0] == Side.BUY.code()).count();
        poll(() -> seen.levels.size() > 0 && seen.levels.get(seen.levels.size() - 1).equals(
            expectedLevels(depth, 5)), () -> seen.levels + " vs " + expectedLevels(depth, 5), levels);
        assertTrue(bids > 5, "more levels than the view shows: " + bids);
        assertEquals(0, levels.books().books().bookCount(), "no order feed on the price-level view");
    }

    @Test
    void shouldServeTheFeedToAStandardSoupBinTcpClientLoggingInFromOne() throws IOException
    {
        start(config -> config.anonymous(true));
        final Trader trader = new Trader();
        trader.trade(30);
        final FeedClient reference = subscribe(new FeedRecorder(), 1);
        trader.syncFeed(reference);
        final long last = reference.books().nextSequence() - 1;

        final FeedBooks books = new FeedBooks();
        final long[] applied = {0};
        final boolean[] accepted = {false};
        try (SocketChannel channel = SocketChannel.open(fixture.node().marketData().localAddress()))
        {
            channel.configureBlocking(false);
            final SoupBinTCPClient nassau = new SoupBinTCPClient(channel, payload ->
            {
                assertEquals(FeedBooks.Result.APPLIED,
                    books.apply(new UnsafeBuffer(payload), payload.position(), payload.remaining()));
                applied[0]++;
            }, new SoupBinTCPClientStatusListener()
            {
                @Override
                public void heartbeatTimeout(final SoupBinTCPClient client)
                {
                    fail("server heartbeats missing");
                }

                @Override
                public void loginAccepted(final SoupBinTCPClient client, final SoupBinTCP.LoginAccepted login)
                {
                    accepted[0] = login.getSequenceNumber() == 1;
                }

                @Override
                public void loginRejected(final SoupBinTCPClient client, final SoupBinTCP.LoginRejected rejected)
                {
                    fail("login rejected");
                }

                @Override
                public void endOfSession(final SoupBinTCPClient client)
                {
                    fail("no end of session expected");
                }
            });
            final SoupBinTCP.LoginRequest login = new SoupBinTCP.LoginRequest();
            login.setUsername("");
            login.setPassword("");
            login.setRequestedSession("");
            login.setRequestedSequenceNumber(1);
            nassau.login(login);
            final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            while (applied[0] < last && System.currentTimeMillis() < deadline)
            {
                if (nassau.receive() <= 0)
                {
                    Thread.yield();
                }
            }
        }
        assertTrue(accepted[0], "Login Accepted at 1");
        assertEquals(last, applied[0], "every feed message, as plain Sequenced Data");
        assertSameLevels(reference.books().book(INSTRUMENT), books.book(INSTRUMENT));
    }

    private void start(final UnaryOperator<FeedConfig> feed)
    {
        fixture = new GatewayFixture(directory, config -> config, feed);
        fixture.bootstrap();
    }

    private FeedClient feed(final FeedRecorder listener) throws IOException
    {
        final FeedClient feed = new FeedClient(listener).reconnectDelayMillis(20);
        feeds.add(feed);
        feed.connect("127.0.0.1", fixture.node().marketData().localAddress().getPort());
        return feed;
    }

    private FeedClient subscribe(final FeedRecorder listener, final long fromSequence) throws IOException
    {
        final FeedClient feed = feed(listener);
        assertTrue(feed.subscribe("", "", fromSequence), () -> "subscribed: " + listener.logins);
        return feed;
    }

    private Socket connect() throws IOException
    {
        final Socket socket = new Socket();
        // Before the connect, so that the window it offers is that small.
        socket.setReceiveBufferSize(4096);
        socket.connect(fixture.node().marketData().localAddress());
        socket.setSoTimeout((int)TIMEOUT_MILLIS);
        sockets.add(socket);
        return socket;
    }

    /** A bare socket that logs in and then reads nothing, unless the test reads. */
    private Socket rawLogin(final String user, final String password, final String session, final long sequence)
        throws IOException
    {
        final Socket socket = connect();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int length = PacketWriter.loginRequest(buffer, 0, new LoginRequest().username(user).password(password)
            .requestedSession(session).requestedSequenceNumber(sequence));
        socket.getOutputStream().write(buffer.byteArray(), 0, length);
        return socket;
    }

    /** Reads what the server sends until it ends the connection. */
    private static boolean drainsToEnd(final Socket socket) throws IOException
    {
        final InputStream in = socket.getInputStream();
        final byte[] bytes = new byte[64 << 10];
        try
        {
            while (in.read(bytes) >= 0)
            {
                // Keep reading: what was queued comes first, then the end of the stream.
            }
            return true;
        }
        catch (final IOException ex)
        {
            return ex.getMessage() != null && ex.getMessage().contains("reset");
        }
    }

    private static List<String> expectedLevels(final List<long[]> depth, final int levels)
    {
        final List<String> bids = new ArrayList<>();
        final List<String> asks = new ArrayList<>();
        for (final long[] level : depth)
        {
            final List<String> side = level[0] == Side.BUY.code() ? bids : asks;
            if (side.size() < levels)
            {
                side.add(level[2] + "@" + level[1] + "/" + level[3]);
            }
        }
        final List<String> all = new ArrayList<>(bids);
        all.add("|");
        all.addAll(asks);
        return all;
    }

    private static void assertSameLevels(final MarketBook expected, final MarketBook actual)
    {
        for (final dev.exengine.protocol.feed.sbe.Side side : new dev.exengine.protocol.feed.sbe.Side[] {
            dev.exengine.protocol.feed.sbe.Side.BUY, dev.exengine.protocol.feed.sbe.Side.SELL})
        {
            assertEquals(expected.levelCount(side), actual.levelCount(side));
            for (int depth = 0; depth < expected.levelCount(side); depth++)
            {
                assertEquals(expected.level(side, depth).price(), actual.level(side, depth).price());
                assertEquals(expected.level(side, depth).quantity(), actual.level(side, depth).quantity());
                assertEquals(expected.level(side, depth).orderCount(), actual.level(side, depth).orderCount());
            }
        }
    }

    private static void assertContiguous(final List<Long> sequences)
    {
        for (int i = 0; i < sequences.size(); i++)
        {
            assertEquals(i + 1, sequences.get(i), "feed message " + (i + 1) + " once, in order");
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0))
        {
            return probe.getLocalPort();
        }
    }

    private static void deleteRecursively(final Path path) throws IOException
    {
        try (var walk = java.nio.file.Files.walk(path))
        {
            for (final Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                java.nio.file.Files.delete(p);
            }
        }
    }

    /** Polls the feed clients until the condition holds; fails after a generous timeout (only to avoid hanging). */
    private static void poll(final BooleanSupplier condition, final Supplier<Object> state, final FeedClient... feeds)
    {
        final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                fail("condition not met within " + TIMEOUT_MILLIS + " ms: " + state.get());
            }
            int work = 0;
            for (final FeedClient feed : feeds)
            {
                try
                {
                    work += feed.poll();
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
            if (work == 0)
            {
                Thread.yield();
            }
        }
    }

    /** Alice rests bids, Bob sells into them, Alice cancels some: the trading clients next to the feed. */
    private final class Trader
    {
        /** Orders sent and not yet accepted, at most, while readers are fed: they stay far within any max-lag. */
        private static final int MAX_IN_FLIGHT = 8;
        /** An order id the engine never gave. */
        private static final long NO_ORDER = 999_999_999L;

        final Recorder recorder = new Recorder();
        final ExchangeClient alice = fixture.login("alice", "alicepw", recorder);
        final ExchangeClient bob = fixture.login("bob", "bobpw", recorder);
        final DepthRecorder depthAnswers = new DepthRecorder();
        final ExchangeClient watcher = fixture.login("bob", "bobpw", depthAnswers);
        long trades;
        private long sentinel;

        /**
         * Sends {@code orders} orders of each kind in turn and waits until every one is answered, polling the feed
         * readers given meanwhile (as a reader that keeps up does).
         */
        void trade(final int orders, final FeedClient... readers) throws IOException
        {
            final long acceptedBefore = recorder.count("ORDER_ACCEPTED");
            final long tradesBefore = recorder.count("TRADE");
            for (int i = 0; i < orders; i++)
            {
                switch (i % 4)
                {
                    case 0, 1 -> alice.newOrder(ALICE_ACCOUNT, INSTRUMENT, ++clientOrderId, Side.BUY, OrderType.LIMIT,
                        TimeInForce.GTC, false, (100 + i % 10) * TICK, (1 + i % 3) * LOT);
                    case 2 -> bob.newOrder(BOB_ACCOUNT, INSTRUMENT, ++clientOrderId, Side.SELL, OrderType.LIMIT,
                        TimeInForce.GTC, false, (104 + i % 12) * TICK, 2 * LOT);
                    default -> bob.newOrder(BOB_ACCOUNT, INSTRUMENT, ++clientOrderId, Side.SELL, OrderType.LIMIT,
                        TimeInForce.IOC, false, 100 * TICK, LOT);
                }
                // A reader that reads keeps up: polled after every order, and with at most a few orders in flight (the
                // engine could otherwise work through hundreds the sockets hold while this thread is off its core),
                // it stays far within the feed's max-lag (500 messages, ~20 KB, in the slow-reader test), which a
                // reader polled every 50 orders crossed on a fast machine, since the socket buffers on its way hold
                // only 8 KiB there, and one polled every order crossed once in CI.
                pollReaders(readers);
                final long sent = i + 1;
                if (sent % MAX_IN_FLIGHT == 0)
                {
                    GatewayFixture.pollUntil(() ->
                    {
                        pollReaders(readers);
                        return recorder.count("ORDER_ACCEPTED") - acceptedBefore >= sent - MAX_IN_FLIGHT;
                    }, () -> recorder, alice, bob);
                }
            }
            GatewayFixture.pollUntil(() ->
            {
                pollReaders(readers);
                return recorder.count("ORDER_ACCEPTED") - acceptedBefore == orders;
            }, () -> recorder, alice, bob);
            // Each trade is reported to both sides, each on its own connection, and the accepts counted above may
            // arrive before the other side's report: a cancel of no order from each, answered after everything sent
            // before it, closes both accounts.
            final long rejectsBefore = recorder.count("CANCEL_REJECTED");
            alice.cancelOrder(ALICE_ACCOUNT, NO_ORDER);
            bob.cancelOrder(BOB_ACCOUNT, NO_ORDER);
            GatewayFixture.pollUntil(() -> recorder.count("CANCEL_REJECTED") - rejectsBefore == 2, () -> recorder,
                alice, bob);
            trades += (recorder.count("TRADE") - tradesBefore) / 2;
        }

        /**
         * Waits until the feed has everything the engine did so far: a sentinel order far from the market is
         * accepted, and the feed's book then holds it (the feed is in the engine's order).
         */
        private void pollReaders(final FeedClient... readers)
        {
            for (final FeedClient reader : readers)
            {
                try
                {
                    reader.poll();
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        }

        void syncFeed(final FeedClient feed) throws IOException
        {
            final long accepted = recorder.count("ORDER_ACCEPTED");
            alice.newOrder(ALICE_ACCOUNT, INSTRUMENT, ++clientOrderId, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                false, (1 + sentinel++ % 10) * TICK, LOT);
            GatewayFixture.pollUntil(() -> recorder.count("ORDER_ACCEPTED") > accepted, () -> recorder, alice, bob);
            final long orderId = recorder.messages.stream().filter(m -> m.startsWith("ORDER_ACCEPTED"))
                .reduce((a, b) -> b).map(m -> Long.parseLong(m.replaceAll(".*orderId=(\\d+).*", "$1"))).orElseThrow();
            poll(() ->
            {
                final MarketBook book = feed.books().book(INSTRUMENT);
                return book != null && book.order(orderId) != null;
            }, () -> "feed at " + feed.books().nextSequence() + ": " + feed.books().invalidReason(), feed);
        }

        /** The engine's depth of the instrument: {side, price, quantity, orders} per level, bids first. */
        List<long[]> depth() throws IOException
        {
            final long requestId = ++clientOrderId;
            depthAnswers.levels.clear();
            depthAnswers.done = 0;
            watcher.queryDepth(requestId, INSTRUMENT, 1000);
            GatewayFixture.pollUntil(() -> depthAnswers.done == requestId, () -> depthAnswers.levels.size(), watcher);
            return new ArrayList<>(depthAnswers.levels);
        }

        void assertSameBook(final FeedClient feed) throws IOException
        {
            assertTrue(feed.books().isValid(), feed.books().invalidReason());
            final MarketBook book = feed.books().book(INSTRUMENT);
            assertNotNull(book);
            final List<long[]> depth = depth();
            int bid = 0;
            int ask = 0;
            for (final long[] level : depth)
            {
                final boolean buy = level[0] == Side.BUY.code();
                final MarketLevel mine = book.level(buy ? dev.exengine.protocol.feed.sbe.Side.BUY :
                    dev.exengine.protocol.feed.sbe.Side.SELL, buy ? bid++ : ask++);
                assertEquals(level[1], mine.price(), "price");
                assertEquals(level[2], mine.quantity(), "total at " + level[1]);
                assertEquals(level[3], mine.orderCount(), "orders at " + level[1]);
            }
            assertEquals(bid, book.levelCount(dev.exengine.protocol.feed.sbe.Side.BUY), "bid levels");
            assertEquals(ask, book.levelCount(dev.exengine.protocol.feed.sbe.Side.SELL), "ask levels");
        }
    }

    private static final class DepthRecorder implements ExchangeListener
    {
        final List<long[]> levels = new CopyOnWriteArrayList<>();
        volatile long done;

        @Override
        public void onQueryAnswer(final long sequence, final Event event)
        {
            if (event.type() == EventType.DEPTH_LEVEL)
            {
                levels.add(new long[] {event.side().code(), event.price(), event.quantity(), event.count()});
            }
            else if (event.type() == EventType.QUERY_DONE)
            {
                done = event.requestId();
            }
        }
    }

    /** What a feed subscriber saw. */
    private static final class FeedRecorder implements FeedListener
    {
        final List<Long> sequences = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        final List<Long> trades = new ArrayList<>();
        final List<Long> snapshots = new ArrayList<>();
        final List<String> resets = new ArrayList<>();
        final List<String> logins = new ArrayList<>();
        final List<List<String>> levels = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onLoginAccepted(final String session, final long nextSequence)
        {
            logins.add("accepted " + nextSequence);
        }

        @Override
        public void onLoginRejected(final char reason)
        {
            logins.add("rejected " + reason);
        }

        @Override
        public void onFeedMessage(final long sequence, final FeedBooks books)
        {
            sequences.add(sequence);
            text.setLength(0);
            messages.add(books.templateId() + " " + describe(books));
            if (books.templateId() == OrderExecutedDecoder.TEMPLATE_ID)
            {
                trades.add(books.orderExecuted().tradeId());
            }
        }

        @Override
        public void onSnapshot(final long feedSequence)
        {
            snapshots.add(feedSequence);
        }

        @Override
        public void onBooksReset(final String reason)
        {
            resets.add(reason);
        }

        @Override
        public void onPriceLevels(final PriceLevelsDecoder decoder)
        {
            final List<String> all = new ArrayList<>();
            for (final PriceLevelsDecoder.BidsDecoder level : decoder.bids())
            {
                all.add(level.quantity() + "@" + level.price() + "/" + level.orderCount());
            }
            all.add("|");
            for (final PriceLevelsDecoder.AsksDecoder level : decoder.asks())
            {
                all.add(level.quantity() + "@" + level.price() + "/" + level.orderCount());
            }
            levels.add(all);
        }

        private static String describe(final FeedBooks books)
        {
            return switch (books.templateId())
            {
                case 1 -> books.instrumentState().toString();
                case 2 -> books.orderAdded().toString();
                case 3 -> books.orderExecuted().toString();
                case 4 -> books.orderDeleted().toString();
                case 5 -> books.orderReduced().toString();
                default -> books.orderReplaced().toString();
            };
        }

        @Override
        public String toString()
        {
            return logins + " " + sequences.size() + " messages, snapshots " + snapshots + ", resets " + resets;
        }
    }
}
