package dev.exengine.server.gateway;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.core.event.RejectReason;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.protocol.sbe.DepositDecoder;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.server.gateway.GatewayFixture.Recorder;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static dev.exengine.server.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.*;

class GatewayTest
{
    @TempDir
    Path dir;

    /** @return true to run every test with the engine on the gateway's thread ({@link SharedThreadGatewayTest}). */
    boolean sharedThread()
    {
        return false;
    }

    private GatewayFixture fixture(final UnaryOperator<GatewayConfig> tweak)
    {
        return new GatewayFixture(dir, tweak, null, sharedThread());
    }

    @Test
    void shouldAcceptLoginAndAcknowledgeOrder() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c))
        {
            fixture.bootstrap();
            final Recorder alice = new Recorder();
            final ExchangeClient client = fixture.login("alice", "alicepw", alice);
            assertEquals(fixture.node().gateway().sessionId(), client.session());
            client.newOrder(ALICE_ACCOUNT, INSTRUMENT, 7, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 10 * TICK,
                LOT);
            pollUntil(() -> alice.count("ORDER_ACCEPTED") == 1, client);
            assertTrue(alice.messages.stream().anyMatch(m -> m.startsWith("ORDER_ACCEPTED") &&
                m.contains("clientOrderId=7")), alice.messages::toString);
        }
    }

    @Test
    void shouldRejectWrongPasswordWithNotAuthorized() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c))
        {
            final ExchangeClient client = fixture.connect(new Recorder());
            assertFalse(client.login("alice", "wrong", "", 1));
            assertEquals('A', client.loginRejectReason());
        }
    }

    @Test
    void shouldRejectUnknownUserWithNotAuthorized() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c))
        {
            final ExchangeClient client = fixture.connect(new Recorder());
            assertFalse(client.login("nobody", "alicepw", "", 1));
            assertEquals('A', client.loginRejectReason());
        }
    }

    @Test
    void shouldRejectOtherSessionWithSessionNotAvailable() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c))
        {
            final ExchangeClient client = fixture.connect(new Recorder());
            assertFalse(client.login("alice", "alicepw", "XXXXXXXXXX", 1));
            assertEquals('S', client.loginRejectReason());
        }
    }

    @Test
    void shouldRefuseLoginsFromAnAddressAfterTooManyFailures() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c.maxFailedLogins(2)))
        {
            for (int i = 0; i < 2; i++)
            {
                assertFalse(fixture.connect(new Recorder()).login("alice", "wrong", "", 1));
            }
            final ExchangeClient client = fixture.connect(new Recorder());
            assertFalse(client.login("alice", "alicepw", "", 1), "the right password is refused within the window");
            assertEquals('A', client.loginRejectReason());
        }
    }

    @Test
    void shouldLogInMoreClientsOfOneAddressAtOnceThanItMayFailLogins() throws Exception
    {
        // Eight right passwords from one address at the same time (a restart, clients behind one NAT), with an
        // allowance of two failures: checks in flight are not failures.
        try (GatewayFixture fixture = fixture(c -> c.maxFailedLogins(2)))
        {
            final List<Socket> clients = new ArrayList<>();
            try
            {
                for (int i = 0; i < 8; i++)
                {
                    final Socket socket = new Socket("127.0.0.1", fixture.port());
                    socket.setSoTimeout(30_000);
                    clients.add(socket);
                    socket.getOutputStream().write(loginPacket("alice", "alicepw", "", 0));
                }
                final StringBuilder answers = new StringBuilder();
                for (final Socket socket : clients)
                {
                    final byte[] header = socket.getInputStream().readNBytes(3);
                    answers.append((char)header[2]);
                }
                assertEquals("AAAAAAAA", answers.toString(), "Login Accepted for each");
            }
            finally
            {
                CloseHelper.closeAll(clients);
            }
        }
    }

    @Test
    void shouldThrottleUndecodableMessagesLikeAnyOtherAndDisconnectTheirFlood() throws Exception
    {
        try (GatewayFixture fixture = fixture(
            c -> c.commandsPerSecond(1).commandBurst(10).maxThrottlesPerWindow(5).throttleWindowMillis(60_000));
             Socket socket = new Socket("127.0.0.1", fixture.port()))
        {
            fixture.bootstrap();
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(loginPacket("alice", "alicepw", "", 0));
            // Unsequenced Data with three bytes that are no SBE message: a ProtocolReject each, while tokens last.
            final byte[] junk = {0, 4, 'U', 1, 2, 3};
            for (int i = 0; i < 100; i++)
            {
                out.write(junk);
            }
            out.flush();
            final InputStream in = socket.getInputStream();
            while (in.read() >= 0)
            {
                // Login Accepted, up to ten rejects, then the server hangs up.
            }
            assertEquals(1, fixture.node().gateway().metrics().disconnects(DisconnectReason.ABUSE));
            assertTrue(fixture.node().gateway().metrics().rejects(RejectReason.MALFORMED) <= 10,
                () -> fixture.node().gateway().metrics().rejects(RejectReason.MALFORMED) + " rejects sent");
        }
    }

    @Test
    void shouldCloseTheOldestIdleConnectionOfAnAddressForOneMoreBeyondItsLimit() throws Exception
    {
        try (GatewayFixture fixture = fixture(c -> c.maxUnauthenticatedPerAddress(3)))
        {
            final List<Socket> idle = new ArrayList<>();
            try
            {
                for (int i = 0; i < 3; i++)
                {
                    idle.add(new Socket("127.0.0.1", fixture.port()));
                }
                pollUntil(() -> fixture.node().gateway().connectionCount() == 3);
                idle.add(new Socket("127.0.0.1", fixture.port()));
                idle.get(0).setSoTimeout(10_000);
                assertEquals(-1, idle.get(0).getInputStream().read(), "the oldest closed for the fourth");
                pollUntil(() -> fixture.node().gateway().connectionCount() == 3);
                assertEquals(1, fixture.node().gateway().metrics().disconnects(DisconnectReason.SHED));
                assertEquals(0, fixture.node().gateway().metrics()
                    .connectionsShed(GatewayMetrics.ShedLimit.MAX_UNAUTHENTICATED_PER_ADDRESS), "none refused");
                // A client that logs in from the address while they wait gets in, in the place of the next oldest.
                final ExchangeClient client = fixture.connect(new Recorder());
                assertTrue(client.login("alice", "alicepw", "", 1));
                assertEquals(2, fixture.node().gateway().metrics().disconnects(DisconnectReason.SHED));
            }
            finally
            {
                CloseHelper.closeAll(idle);
            }
        }
    }

    @Test
    void shouldCloseSessionSendingDataBeforeLogin() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c);
             Socket socket = new Socket("127.0.0.1", fixture.port()))
        {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {0, 3, 'U', 1, 2});
            assertEquals(-1, socket.getInputStream().read());
            assertEquals(1, fixture.node().gateway().metrics().disconnects(DisconnectReason.PROTOCOL_VIOLATION));
        }
    }

    @Test
    void shouldRejectOrderForAnotherUsersAccount() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c))
        {
            fixture.bootstrap();
            final Recorder alice = new Recorder();
            final Recorder bob = new Recorder();
            final ExchangeClient aliceClient = fixture.login("alice", "alicepw", alice);
            final ExchangeClient bobClient = fixture.login("bob", "bobpw", bob);
            aliceClient.newOrder(BOB_ACCOUNT, INSTRUMENT, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, false,
                10 * TICK, LOT);
            aliceClient.cancelOrder(BOB_ACCOUNT, 1);
            pollUntil(() -> alice.messages.size() == 2, () -> alice, aliceClient, bobClient);
            assertTrue(alice.messages.get(0).startsWith("ORDER_REJECTED"));
            assertTrue(alice.messages.get(0).contains("rejectReason=NOT_AUTHORIZED"), alice.messages::toString);
            assertTrue(alice.messages.get(1).startsWith("CANCEL_REJECTED"));
            assertTrue(alice.messages.get(1).contains("rejectReason=NOT_AUTHORIZED"));
            assertTrue(bob.messages.isEmpty(), "nothing reached bob's account");
            assertEquals(2, fixture.node().gateway().metrics().rejects(RejectReason.NOT_AUTHORIZED));
        }
    }

    @Test
    void shouldRejectAdminCommandFromNonAdmin() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c))
        {
            fixture.bootstrap();
            final Recorder alice = new Recorder();
            final ExchangeClient client = fixture.login("alice", "alicepw", alice);
            client.deposit(ALICE_ACCOUNT, 2, 1_000, 0);
            client.takeSnapshot(5);
            pollUntil(() -> alice.messages.size() == 2, () -> alice, client);
            assertTrue(alice.messages.get(0).startsWith("ADMIN_REJECTED"), alice.messages::toString);
            assertTrue(alice.messages.get(0).contains("NOT_AUTHORIZED"));
            assertTrue(alice.messages.get(1).startsWith("ADMIN_REJECTED"), alice.messages::toString);
            assertTrue(alice.messages.get(1).contains("NOT_AUTHORIZED"));
        }
    }

    @Test
    void shouldAnswerAResentDepositWithItsFirstOutcomeAlsoAfterARestart() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c))
        {
            fixture.bootstrap();
            final String first = "ADMIN_DONE commandType=DEPOSIT accountId=1001 assetId=2 amount=500 movementId=77";
            final Recorder ops = new Recorder();
            final ExchangeClient admin = fixture.login("ops", "opspass", ops);
            admin.deposit(ALICE_ACCOUNT, 2, 500, 77);
            // The same deposit sent again, as after a lost connection (with another amount even): not applied.
            admin.deposit(ALICE_ACCOUNT, 2, 600, 77);
            admin.queryBalances(1, ALICE_ACCOUNT);
            pollUntil(() -> ops.count("QUERY_") == 1, () -> ops, admin);
            assertEquals(List.of(first, first), withoutSequence(ops, "ADMIN_"));
            assertEquals(1, ops.count("BALANCE_CHANGED"));

            fixture.stop();
            fixture.start();
            final Recorder again = new Recorder();
            final ExchangeClient restarted = fixture.login("ops", "opspass", again);
            restarted.deposit(ALICE_ACCOUNT, 2, 700, 77);
            pollUntil(() -> again.count("ADMIN_") == 1, () -> again, restarted);
            assertEquals(List.of(first), withoutSequence(again, "ADMIN_"));
            assertEquals(0, again.count("BALANCE_CHANGED"));
        }
    }

    @Test
    void shouldApplyEveryDepositOfAVersionOneClientWhichHasNoMovementId() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c))
        {
            fixture.bootstrap();
            final Recorder ops = new Recorder();
            final ExchangeClient admin = fixture.login("ops", "opspass", ops);
            // Deposit as a version-1 client writes it: a 20-byte block without the movementId.
            final UnsafeBuffer deposit = new UnsafeBuffer(new byte[8 + 20]);
            deposit.putShort(0, (short)20, ByteOrder.LITTLE_ENDIAN);
            deposit.putShort(2, (short)DepositDecoder.TEMPLATE_ID, ByteOrder.LITTLE_ENDIAN);
            deposit.putShort(4, (short)DepositDecoder.SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
            deposit.putShort(6, (short)1, ByteOrder.LITTLE_ENDIAN);
            deposit.putLong(8, ALICE_ACCOUNT, ByteOrder.LITTLE_ENDIAN);
            deposit.putLong(16, 500, ByteOrder.LITTLE_ENDIAN);
            deposit.putInt(24, 2, ByteOrder.LITTLE_ENDIAN);
            admin.sendUnsequenced(deposit, 0, deposit.capacity());
            admin.sendUnsequenced(deposit, 0, deposit.capacity());
            pollUntil(() -> ops.count("BALANCE_CHANGED") == 2, () -> ops, admin);
            final String done = "ADMIN_DONE commandType=DEPOSIT accountId=1001 assetId=2 amount=500";
            assertEquals(List.of(done, done), withoutSequence(ops, "ADMIN_"));
            assertTrue(ops.messages.get(3).endsWith("available=1000000001000"), ops::toString);
        }
    }

    /** The messages of a kind, without the sequence and timestamp of the command that caused each. */
    private static List<String> withoutSequence(final Recorder recorder, final String prefix)
    {
        return recorder.messages.stream().filter(message -> message.startsWith(prefix))
            .map(message -> message.replaceAll(" (sequence|timestamp)=\\d+", "")).toList();
    }

    @Test
    void shouldThrottleExcessCommandsAndDisconnectSustainedAbuse() throws IOException
    {
        try (GatewayFixture fixture = fixture(
            c -> c.commandsPerSecond(1).commandBurst(10).maxThrottlesPerWindow(5).throttleWindowMillis(60_000)))
        {
            fixture.bootstrap();
            final Recorder alice = new Recorder();
            final ExchangeClient client = fixture.login("alice", "alicepw", alice);
            for (int i = 0; i < 13; i++)
            {
                client.queryBalances(i, ALICE_ACCOUNT);
            }
            pollUntil(() -> alice.count("QUERY_DONE") + alice.count("QUERY_REJECTED") == 13, () -> alice, client);
            final long throttled = alice.messages.stream().filter(m -> m.contains("rejectReason=THROTTLED")).count();
            assertTrue(throttled >= 2, alice::toString);
            assertEquals(throttled, alice.count("QUERY_REJECTED"));
            client.autoReconnect(false);
            for (int i = 0; i < 10 && client.isConnected(); i++)
            {
                try
                {
                    client.queryBalances(100 + i, ALICE_ACCOUNT);
                }
                catch (final IOException ex)
                {
                    // The server may have closed the connection before the client read that it did: the write fails
                    // and the client counts the connection as lost, which is what this test waits for below.
                    assertFalse(client.isConnected(), "a failed write leaves the client disconnected");
                }
            }
            pollUntil(() -> !client.isConnected(), client);
            assertEquals(1, fixture.node().gateway().metrics().disconnects(DisconnectReason.ABUSE));
        }
    }

    @Test
    void shouldDisconnectClientThatStopsReadingWithoutHoldingUpOthers() throws IOException
    {
        // The throttle is lifted: the writer sends as fast as it can until the slow reader is cut off, which on a busy
        // machine can take more commands than the default burst allows.
        try (GatewayFixture fixture = fixture(
            c -> c.sendBufferBytes(4096).commandsPerSecond(100_000_000).commandBurst(1_000_000)))
        {
            fixture.bootstrap();
            final Recorder bob = new Recorder();
            final ExchangeClient bobClient = fixture.login("bob", "bobpw", bob);
            try (Socket slow = new Socket("127.0.0.1", fixture.port()))
            {
                slow.setReceiveBufferSize(1024);
                slow.getOutputStream().write(loginPacket("alice", "alicepw", "", 0));
                pollUntil(() -> fixture.node().gateway().metrics().logins(GatewayMetrics.LoginOutcome.ACCEPTED) == 3);
                // The writer keeps at most 64 queries unanswered: about 13 KB of answers, which the socket buffers
                // take before anything waits in the server, so only the session that stopped reading can fall behind
                // and be cut (a writer that flooded without limit could itself be cut while the test thread was
                // descheduled).
                final AtomicLong answered = new AtomicLong();
                final ExchangeClient aliceWriter = fixture.login("alice", "alicepw", new ExchangeListener()
                {
                    @Override
                    public void onMessage(final long sequence, final Event event)
                    {
                        if (event.type() == EventType.QUERY_DONE)
                        {
                            answered.set(event.requestId());
                        }
                    }
                });
                for (int i = 1; i <= 500_000 && fixture.node().gateway().metrics().disconnects(DisconnectReason.SLOW_CONSUMER) == 0; i++)
                {
                    aliceWriter.queryBalances(i, ALICE_ACCOUNT);
                    if (i % 100 == 0)
                    {
                        bobClient.queryBalances(i, BOB_ACCOUNT);
                    }
                    final long oldestAllowed = i - 64;
                    pollUntil(() -> answered.get() >= oldestAllowed, bobClient, aliceWriter);
                }
                assertEquals(1, fixture.node().gateway().metrics().disconnects(DisconnectReason.SLOW_CONSUMER), "only the stopped reader");
                bobClient.queryBalances(99_999_999, BOB_ACCOUNT);
                pollUntil(() -> bob.messages.stream().anyMatch(m -> m.startsWith("QUERY_DONE") &&
                    m.contains("requestId=99999999")), () -> bob, bobClient);
                // The server closed the stopped reader's connection: bob's and the writer's are left. (Reading the
                // stopped socket to its end could take minutes: the kernel may hold megabytes for it, and a 1 KB
                // receive window drains them slowly.)
                pollUntil(() -> fixture.node().gateway().connectionCount() == 2, bobClient, aliceWriter);
                slow.setSoTimeout(10_000);
                assertTrue(slow.getInputStream().read(new byte[1024]) > 0,
                    "it had been sent what fitted before it stopped reading");
            }
        }
    }

    static byte[] loginPacket(final String user, final String password, final String session, final long sequence)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int length = PacketWriter.loginRequest(buffer, 0, new LoginRequest().username(user).password(password)
            .requestedSession(session).requestedSequenceNumber(sequence));
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
