package dev.exengine.gateway;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.core.event.RejectReason;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.gateway.stream.UserStreams;
import dev.exengine.logging.AuditLog;
import dev.exengine.logging.AuditRecord;
import dev.exengine.protocol.codec.ClientEncoder;
import dev.exengine.protocol.sbe.QueryRejectedDecoder;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import dev.exengine.testsupport.CapturedLog;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

import static dev.exengine.gateway.GatewayHarness.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The gateway alone, in front of an engine applied directly behind the port, on a clock the test drives
 * ({@link GatewayHarness}): timers fire when the test advances the clock, never because the machine was slow.
 */
class GatewayTest
{
    private static final int DEPOSITS_IN_FLIGHT = 16;

    @TempDir
    Path dir;

    private GatewayHarness harness;
    private Gateway gateway;
    private ExchangeClient client;

    @AfterEach
    void tearDown()
    {
        if (client != null)
        {
            client.close();
        }
        if (harness != null)
        {
            harness.close();
        }
    }

    @Test
    void shouldCloseAConnectionThatDoesNotLogInOnceTheLoginTimeoutHasPassed() throws IOException
    {
        start(c -> c.loginTimeoutMillis(5_000));
        try (Socket socket = new Socket("127.0.0.1", gateway.localAddress().getPort()))
        {
            awaitTrue(() -> gateway.connectionCount() == 1);
            advanceMillis(4_999);
            socket.setSoTimeout(100);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(), "still open at 4,999 ms");

            advanceMillis(1 + Gateway.TIMER_PERIOD_MILLIS);
            socket.setSoTimeout(10_000);
            assertEquals(-1, readPacketType(socket.getInputStream()), "closed within a timer period of 5,000 ms");
            assertEquals(1, gateway.metrics().disconnects(DisconnectReason.LOGIN_TIMEOUT));
        }
    }

    @Test
    void shouldSendHeartbeatsWhileIdleAndEndTheSessionOfASilentClient() throws IOException
    {
        start(c -> c.heartbeatIntervalMillis(1_000).clientTimeoutMillis(15_000));
        try (Socket socket = new Socket("127.0.0.1", gateway.localAddress().getPort()))
        {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(loginPacket("alice", "alicepw"));
            final InputStream in = socket.getInputStream();
            assertEquals(SoupBinTcp.LOGIN_ACCEPTED, readPacketType(in));
            for (int beat = 1; beat <= 3; beat++)
            {
                advanceMillis(1_000);
                assertEquals(SoupBinTcp.SERVER_HEARTBEAT, readPacketType(in), "heartbeat " + beat);
            }
            advanceMillis(11_999);
            assertEquals(SoupBinTcp.SERVER_HEARTBEAT, readPacketType(in), "14,999 ms of silence: still served");
            socket.setSoTimeout(100);
            assertThrows(SocketTimeoutException.class, () -> in.read(), "nothing more until the clock moves");

            advanceMillis(1 + Gateway.TIMER_PERIOD_MILLIS);
            socket.setSoTimeout(10_000);
            assertEquals(-1, readPacketType(in), "15 s of silence: disconnected within a timer period");
            assertEquals(1, gateway.metrics().disconnects(DisconnectReason.IDLE_TIMEOUT));
        }
    }

    @Test
    void shouldCountLoginsByOutcomeTheSessionsTheirEndsAndTheStoredMessages() throws IOException
    {
        start(c -> c.maxFailedLogins(2));
        final GatewayMetrics metrics = gateway.metrics();
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            // The third comes from an address that failed twice: refused unchecked, the right password or not.
            assertEquals(SoupBinTcp.REJECT_NOT_AUTHORIZED,
                loginRejected(loginPacket("alice", attempt < 3 ? "wrong" : "alicepw")));
        }
        assertEquals(2, metrics.logins(GatewayMetrics.LoginOutcome.REJECTED));
        assertEquals(1, metrics.logins(GatewayMetrics.LoginOutcome.THROTTLED));
        assertEquals(3, metrics.disconnects(DisconnectReason.LOGIN_REJECTED));
        awaitTrue(() -> metrics.connections() == 0);

        advanceMillis(60_000);
        final long storedBefore = gateway.metrics().counters().value(GatewayMetrics.STORED_MESSAGES);
        final Recorder alice = login("alice", "alicepw");
        assertEquals(1, metrics.logins(GatewayMetrics.LoginOutcome.ACCEPTED));
        awaitTrue(() -> metrics.loggedIn() == 1 && metrics.connections() == 1);
        client.newOrder(ALICE_ACCOUNT, 1, 7, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10);
        pollUntil(() -> alice.outcomes.contains(EventType.ORDER_ACCEPTED));
        awaitTrue(() -> metrics.counters().value(GatewayMetrics.STORED_MESSAGES) > storedBefore);
        assertTrue(metrics.counters().value(GatewayMetrics.STORED_BYTES) > 0);
        assertTrue(metrics.counters().value(GatewayMetrics.LONGEST_STREAM) >= 1);

        client.close();
        awaitTrue(() -> metrics.loggedIn() == 0 && metrics.connections() == 0);
        assertEquals(1, metrics.disconnects(DisconnectReason.LOGOUT) + metrics.disconnects(DisconnectReason.PEER_CLOSED),
            "one end, counted once");
        assertEquals(0, metrics.internalErrors());
    }

    @Test
    void shouldSubmitAnAuthorizedOrderAndAcknowledgeIt() throws IOException
    {
        start(UnaryOperator.identity());
        final Recorder alice = login("alice", "alicepw");
        client.newOrder(ALICE_ACCOUNT, 1, 7, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10);
        pollUntil(() -> alice.outcomes.contains(EventType.ORDER_ACCEPTED));
        assertEquals(SET_UP_COMMANDS + 1, harness.engine().commands());
    }

    @Test
    void shouldAnswerAnOrderForAnotherUsersAccountWithoutTheEngine() throws IOException
    {
        start(UnaryOperator.identity());
        final Recorder alice = login("alice", "alicepw");
        client.newOrder(BOB_ACCOUNT, 1, 7, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10);
        pollUntil(() -> alice.rejects.contains(RejectReason.NOT_AUTHORIZED));
        assertEquals(SET_UP_COMMANDS, harness.engine().commands(), "the slot it was decoded into went back unused");
        assertEquals(1, gateway.metrics().rejects(RejectReason.NOT_AUTHORIZED));
    }

    /**
     * Where another node derives the users' streams from the journal (a standby, a cluster member), the gateway's own
     * answers and the answers to queries (which are not journaled) are Unsequenced Data: the stream holds what the
     * journal derives alone, numbered as the other node numbers it, and a reconnect replays that.
     */
    @Test
    void shouldAnswerOutsideTheStreamWhenAnotherNodeDerivesIt() throws IOException
    {
        start(c -> c.commandsPerSecond(10).commandBurst(2).unjournaledAnswersInStream(false));
        final Recorder alice = login("alice", "alicepw");
        client.newOrder(ALICE_ACCOUNT, 1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10);
        client.newOrder(BOB_ACCOUNT, 1, 2, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10);
        client.newOrder(ALICE_ACCOUNT, 1, 3, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10);
        pollUntil(() -> alice.rejects.size() >= 2 && alice.outcomes.contains(EventType.ORDER_ACCEPTED));
        assertEquals(List.of(RejectReason.NOT_AUTHORIZED, RejectReason.THROTTLED), alice.rejects);
        advanceMillis(1_000);
        client.queryBalances(77, ALICE_ACCOUNT);
        pollUntil(() -> alice.queryDoneSequences.containsKey(77L));
        assertEquals(ExchangeListener.UNSEQUENCED, alice.sequenceOfQueryDone(77), "the query's answer outside the stream");
        final long unsequenced = alice.sequences.stream()
            .filter(sequence -> sequence == ExchangeListener.UNSEQUENCED).count();
        assertTrue(unsequenced >= 3, "both rejects and the query's answers outside the stream: " + alice.sequences);
        final List<Long> sequenced = alice.sequences.stream()
            .filter(sequence -> sequence != ExchangeListener.UNSEQUENCED).toList();
        assertEquals(LongStream.range(alice.loginAcceptedAt, alice.loginAcceptedAt + sequenced.size()).boxed().toList(),
            sequenced, "the engine's messages alone, numbered on from the login without a gap");
        assertEquals(1, gateway.metrics().rejects(RejectReason.NOT_AUTHORIZED));
        assertEquals(1, gateway.metrics().rejects(RejectReason.THROTTLED));
    }

    @Test
    void shouldThrottleCommandsBeyondTheBurstUntilTheClockRefillsTheBucket() throws IOException
    {
        start(c -> c.commandsPerSecond(10).commandBurst(3));
        final Recorder alice = login("alice", "alicepw");
        for (int order = 1; order <= 4; order++)
        {
            client.newOrder(ALICE_ACCOUNT, 1, order, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10);
        }
        pollUntil(() -> alice.outcomes.size() >= 4);
        // The gateway answers the throttled one itself, ahead of the engine's answers to the first three.
        assertEquals(3, alice.outcomes.stream().filter(type -> type == EventType.ORDER_ACCEPTED).count());
        assertEquals(List.of(RejectReason.THROTTLED), alice.rejects, "the fourth, with the clock standing still");

        advanceMillis(100);
        client.newOrder(ALICE_ACCOUNT, 1, 5, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10);
        pollUntil(() -> alice.outcomes.size() >= 5);
        assertEquals(EventType.ORDER_ACCEPTED, alice.outcomes.get(4), "a tenth of a second later: one token");
    }

    @Test
    void shouldWriteTheAuditLinesOfLoginsAndThrottlingWithTheUserTheAddressAndTheReason() throws IOException
    {
        try (CapturedLog audit = new CapturedLog(AuditLog.LOGGER_NAME))
        {
            start(c -> c.commandsPerSecond(10).commandBurst(1));
            try (Socket socket = new Socket("127.0.0.1", gateway.localAddress().getPort()))
            {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(loginPacket("alice", "wrong"));
                assertEquals(SoupBinTcp.LOGIN_REJECTED, readPacketType(socket.getInputStream()));
            }
            final Recorder alice = login("alice", "alicepw");
            for (int order = 1; order <= 2; order++)
            {
                client.newOrder(ALICE_ACCOUNT, 1, order, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10);
            }
            pollUntil(() -> alice.rejects.contains(RejectReason.THROTTLED));

            final AuditRecord rejected = auditEvent(audit, "login.rejected");
            assertEquals("alice", rejected.field("user"));
            assertEquals("127.0.0.1", rejected.field("address"));
            assertEquals("wrong password", rejected.field("reason"));
            assertEquals(Level.WARNING, rejected.getLevel());
            final AuditRecord accepted = auditEvent(audit, "login.accepted");
            assertEquals("alice", accepted.field("user"));
            assertEquals("127.0.0.1", accepted.field("address"));
            assertEquals("alice", auditEvent(audit, "command.throttled").field("user"));
        }
    }

    /** The one audit line of the kind; the gateway's thread writes it before it answers, so it is there now. */
    private static AuditRecord auditEvent(final CapturedLog audit, final String event)
    {
        final List<AuditRecord> lines = audit.records().stream().map(AuditRecord.class::cast)
            .filter(line -> line.event().equals(event)).toList();
        assertEquals(1, lines.size(), () -> event + " in " + audit.records());
        return lines.get(0);
    }

    @Test
    void shouldAnswerA19Or20DigitSequenceNumberAsAnyNumberPastTheEnd() throws IOException
    {
        start(UnaryOperator.identity());
        final long next = loginAccepted(loginPacket("alice", "alicepw", "1000000", null));
        for (final String sequence : new String[] {"9223372036854775808", "99999999999999999999"})
        {
            assertEquals(next, loginAccepted(loginPacket("alice", "alicepw", sequence, null)), sequence);
        }
    }

    @Test
    void shouldTakeABlankHeartbeatTimeoutOfA4xLoginAsTheDefault() throws IOException
    {
        start(UnaryOperator.identity());
        loginAccepted(loginPacket("alice", "alicepw", "0", "     "));
    }

    @Test
    void shouldAnswerALoginWhoseNumbersDoNotReadWithLoginRejected() throws IOException
    {
        start(UnaryOperator.identity());
        final String[][] unreadable = {{"0", "12x45"}, {"x", null}, {"", null}, {"-1", "1000"}};
        for (final String[] numbers : unreadable)
        {
            try (Socket socket = new Socket("127.0.0.1", gateway.localAddress().getPort()))
            {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(loginPacket("alice", "alicepw", numbers[0], numbers[1]));
                final InputStream in = socket.getInputStream();
                final byte[] header = in.readNBytes(SoupBinTcp.HEADER_SIZE);
                assertEquals(SoupBinTcp.HEADER_SIZE, header.length, "an answer to " + String.join("/", numbers));
                assertEquals(SoupBinTcp.LOGIN_REJECTED, header[2]);
                assertEquals(SoupBinTcp.REJECT_NOT_AUTHORIZED, in.read());
                assertEquals(-1, in.read(), "then the server closes");
            }
        }
        assertEquals(unreadable.length, gateway.metrics().logins(GatewayMetrics.LoginOutcome.REJECTED));
        assertEquals(0, gateway.metrics().disconnects(DisconnectReason.PROTOCOL_VIOLATION));
    }

    @Test
    void shouldReplayFromTheNumberAskedForAndAnswerAQueryAfterEverythingStoredBeforeIt() throws IOException
    {
        start(c -> c.replayBatchMessages(16));
        final Recorder ops = login("ops", "opspass");
        for (int deposit = 1; deposit <= 100; deposit++)
        {
            client.deposit(ALICE_ACCOUNT, 2, 1, deposit);
        }
        pollUntil(() -> ops.adminResults.get() == 100);
        client.close();
        final long stored = loginAccepted(loginPacket("alice", "alicepw", "0", null)) - 1;

        // As PROTOCOL.md tells a client: Login Accepted carries the number asked for, and the answer to a query sent
        // right after it comes after every message stored before: once it is in, the client has caught up.
        final Recorder alice = new Recorder();
        client = new ExchangeClient(alice).autoReconnect(false);
        client.connect("127.0.0.1", gateway.localAddress().getPort());
        assertTrue(client.login("alice", "alicepw", "", 1));
        assertEquals(1, alice.loginAcceptedAt);
        client.queryDepth(77, 1, 1);
        pollUntil(() -> alice.sequenceOfQueryDone(77) > 0);
        assertTrue(alice.sequenceOfQueryDone(77) > stored, alice.sequences::toString);
        assertEquals(LongStream.rangeClosed(1, alice.sequenceOfQueryDone(77)).boxed().toList(), alice.sequences,
            "every stored message once, in order, before the answer");
        assertEquals(2 + 100, alice.adminResults.get(),
            "the account's owner gets the AdminResult of its opening, of the market's deposit and of every one after");
    }

    /**
     * With the streams' files touched ahead of the gateway's writes by a thread of its own, the streams hold the same
     * messages: the touch changes no byte, also where it races the writer. The thread runs while the gateway does.
     */
    @Test
    void shouldStoreAndReplayTheSameStreamWithItsFilesTouchedAhead() throws IOException
    {
        start(c -> c.streamPretouchAhead(16 * 1024));
        assertTrue(threadAlive(UserStreams.PRETOUCH_THREAD_NAME));
        final Recorder ops = login("ops", "opspass");
        final int deposits = 3_000;
        for (int deposit = 1; deposit <= deposits; deposit++)
        {
            client.deposit(ALICE_ACCOUNT, 2, 1, deposit);
        }
        pollUntil(() -> ops.adminResults.get() == deposits);
        client.close();

        final Recorder alice = new Recorder();
        client = new ExchangeClient(alice).autoReconnect(false);
        client.connect("127.0.0.1", gateway.localAddress().getPort());
        assertTrue(client.login("alice", "alicepw", "", 1));
        client.queryDepth(77, 1, 1);
        pollUntil(() -> alice.sequenceOfQueryDone(77) > 0);
        assertEquals(LongStream.rangeClosed(1, alice.sequenceOfQueryDone(77)).boxed().toList(), alice.sequences,
            "every stored message once, in order");
        assertEquals(2 + deposits, alice.adminResults.get());
        harness.close();
        harness = null;
        assertFalse(threadAlive(UserStreams.PRETOUCH_THREAD_NAME), "stopped before the streams closed");
    }

    private static boolean threadAlive(final String name)
    {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
    }

    @Test
    void shouldTellUserNamesApartByCase() throws IOException
    {
        start(UnaryOperator.identity());
        client = new ExchangeClient(new Recorder()).autoReconnect(false);
        client.connect("127.0.0.1", gateway.localAddress().getPort());
        assertFalse(client.login("Alice", "alicepw", "", 0));
        assertEquals('A', client.loginRejectReason());
    }

    @Test
    void shouldSendTheAnswersOwedToAFloodBeforeItsDisconnectAndCloseWithAFin() throws IOException
    {
        start(c -> c.commandsPerSecond(1).commandBurst(3).maxThrottlesPerWindow(5).throttleWindowMillis(60_000));
        try (Socket socket = new Socket("127.0.0.1", gateway.localAddress().getPort()))
        {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(loginPacket("alice", "alicepw"));
            final InputStream in = socket.getInputStream();
            assertEquals(SoupBinTcp.LOGIN_ACCEPTED, readPacketType(in));
            // Far more than the server reads before it ends the session: most of it is still unread then.
            final UnsafeBuffer query = new UnsafeBuffer(new byte[64]);
            final int length = new ClientEncoder().queryBalances(query, SoupBinTcp.HEADER_SIZE, 1, ALICE_ACCOUNT);
            PacketWriter.header(query, 0, SoupBinTcp.UNSEQUENCED_DATA, length);
            final byte[] flood = new byte[2_000 * (SoupBinTcp.HEADER_SIZE + length)];
            for (int i = 0; i < flood.length; i += SoupBinTcp.HEADER_SIZE + length)
            {
                query.getBytes(0, flood, i, SoupBinTcp.HEADER_SIZE + length);
            }
            socket.getOutputStream().write(flood);

            int throttled = 0;
            for (int template = readTemplateId(in); template != -1; template = readTemplateId(in))
            {
                throttled += template == QueryRejectedDecoder.TEMPLATE_ID ? 1 : 0;
            }
            assertEquals(1, gateway.metrics().disconnects(DisconnectReason.ABUSE));
            assertEquals(gateway.metrics().throttledMessages(), throttled, "every throttled query's answer");
        }
    }

    @Test
    void shouldOfferASlowReaderWhatWasQueuedBeforeItsDisconnect() throws IOException
    {
        // A send buffer large enough that losing it would show; the clock stands still, so the throttle is lifted.
        start(c -> c.sendBufferBytes(64 * 1024).commandsPerSecond(1_000_000_000).commandBurst(1_000_000_000));
        try (Socket slow = new Socket())
        {
            slow.setReceiveBufferSize(1024);
            slow.connect(gateway.localAddress());
            slow.setSoTimeout(10_000);
            slow.getOutputStream().write(loginPacket("alice", "alicepw", "1", null));
            final InputStream in = slow.getInputStream();
            assertEquals(SoupBinTcp.LOGIN_ACCEPTED, readPacketType(in));
            final int deposits = depositToAliceUntilHerSessionFallsBehind();
            final long stored = loginAccepted(loginPacket("alice", "alicepw", "0", null)) - 1;

            int received = 0;
            while (readPacketType(in) == SoupBinTcp.SEQUENCED_DATA)
            {
                received++;
            }
            // The message that did not fit, and those of the deposits still under way then, are left for her next
            // login: two per deposit.
            assertTrue(received >= stored - 2 * (DEPOSITS_IN_FLIGHT + 1),
                received + " of the " + stored + " messages stored, " + deposits + " deposits");
        }
    }

    @Test
    void shouldCloseASlowReaderThatDoesNotReadOnceTheCloseTimeoutHasPassed() throws IOException
    {
        start(c -> c.sendBufferBytes(4096).commandsPerSecond(1_000_000_000).commandBurst(1_000_000_000)
            .closeTimeoutMillis(2_000));
        try (Socket slow = new Socket())
        {
            slow.setReceiveBufferSize(1024);
            slow.connect(gateway.localAddress());
            slow.getOutputStream().write(loginPacket("alice", "alicepw"));
            depositToAliceUntilHerSessionFallsBehind();
            advanceMillis(1_999);
            awaitTrue(() -> gateway.connectionCount() == 2);
            advanceMillis(1 + Gateway.TIMER_PERIOD_MILLIS);
            awaitTrue(() -> gateway.connectionCount() == 1);
        }
    }

    /**
     * Logs in as the admin and deposits to alice's account, a few deposits under way at a time, until a session of
     * hers has been disconnected for not reading, then waits for the answers to all of them.
     *
     * @return how many deposits it made.
     */
    private int depositToAliceUntilHerSessionFallsBehind() throws IOException
    {
        final Recorder ops = login("ops", "opspass");
        int deposits = 0;
        while (gateway.metrics().disconnects(DisconnectReason.SLOW_CONSUMER) == 0)
        {
            assertTrue(deposits < 1_000_000, "alice's session never fell behind");
            client.deposit(ALICE_ACCOUNT, 2, 1, 0);
            final int answered = ++deposits - DEPOSITS_IN_FLIGHT;
            pollUntil(() -> ops.adminResults.get() >= answered);
        }
        final int all = deposits;
        pollUntil(() -> ops.adminResults.get() == all);
        return deposits;
    }

    private void start(final UnaryOperator<GatewayConfig> tweak)
    {
        harness = new GatewayHarness(dir, tweak);
        gateway = harness.gateway();
    }

    private void advanceMillis(final long millis)
    {
        harness.advanceMillis(millis);
    }

    /** Sends a Login Request on a connection of its own. @return the reject reason Login Rejected carries. */
    private byte loginRejected(final byte[] loginPacket) throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", gateway.localAddress().getPort()))
        {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(loginPacket);
            final byte[] packet = socket.getInputStream().readNBytes(SoupBinTcp.HEADER_SIZE + 1);
            assertEquals(SoupBinTcp.LOGIN_REJECTED, packet[2]);
            assertEquals(-1, socket.getInputStream().read(), "then the server closes");
            return packet[SoupBinTcp.HEADER_SIZE];
        }
    }

    private long loginAccepted(final byte[] loginPacket) throws IOException
    {
        return harness.loginAccepted(loginPacket);
    }

    private Recorder login(final String user, final String password) throws IOException
    {
        final Recorder recorder = new Recorder();
        client = new ExchangeClient(recorder).autoReconnect(false);
        client.connect("127.0.0.1", gateway.localAddress().getPort());
        if (!client.login(user, password, "", 0))
        {
            fail("login of " + user + " refused: " + client.loginRejectReason());
        }
        return recorder;
    }

    private void pollUntil(final BooleanSupplier condition)
    {
        GatewayHarness.pollUntil(client, condition);
    }

    /**
     * @return the template id of the next packet if it is Sequenced Data, 0 for any other packet, or -1 at the end of
     * the stream; a reset fails the test.
     */
    private static int readTemplateId(final InputStream in) throws IOException
    {
        final byte[] header = in.readNBytes(SoupBinTcp.HEADER_SIZE);
        if (header.length == 0)
        {
            return -1;
        }
        final byte[] payload = in.readNBytes(((header[0] & 0xFF) << 8 | header[1] & 0xFF) - 1);
        return header[2] == SoupBinTcp.SEQUENCED_DATA ? (payload[2] & 0xFF) | (payload[3] & 0xFF) << 8 : 0;
    }

    /**
     * What a client received: the outcome of each order (accepted or rejected), the reasons of its rejects, and how
     * many admin results.
     */
    private static final class Recorder implements ExchangeListener
    {
        final List<EventType> outcomes = new CopyOnWriteArrayList<>();
        final List<RejectReason> rejects = new CopyOnWriteArrayList<>();
        final AtomicInteger adminResults = new AtomicInteger();
        final List<Long> sequences = new CopyOnWriteArrayList<>();
        final Map<Long, Long> queryDoneSequences = new ConcurrentHashMap<>();
        volatile long loginAcceptedAt = -1;

        long sequenceOfQueryDone(final long requestId)
        {
            return queryDoneSequences.getOrDefault(requestId, 0L);
        }

        @Override
        public void onLoginAccepted(final String sessionId, final long nextSequence)
        {
            loginAcceptedAt = nextSequence;
        }

        @Override
        public void onMessage(final long sequence, final Event event)
        {
            sequences.add(sequence);
            if (event.type() == EventType.QUERY_DONE)
            {
                queryDoneSequences.put(event.requestId(), sequence);
            }
            if (event.type() == EventType.ADMIN_DONE || event.type() == EventType.ADMIN_REJECTED)
            {
                adminResults.incrementAndGet();
            }
            if (event.type() == EventType.ORDER_ACCEPTED || event.type() == EventType.ORDER_REJECTED)
            {
                outcomes.add(event.type());
            }
            if (event.rejectReason() != null && event.rejectReason() != RejectReason.NONE)
            {
                rejects.add(event.rejectReason());
            }
        }
    }
}
