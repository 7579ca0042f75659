package dev.exengine.client;

import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.protocol.codec.OutboundEncoder;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client given a primary and a standby, against fake SoupBinTCP nodes on plain sockets: a standby answers logins
 * with Login Rejected 'S', a promoted one continues the session, and the client's listener sees each message once.
 */
class ExchangeClientFailoverTest
{
    private static final String SESSION = "SESSION001";
    private static final long RECONNECT_DELAY_MILLIS = 50;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Accepts the first login, sends messages 1 to 5 and dies, as a primary killed mid-stream. */
    private static final Script PRIMARY_DIES_AFTER_FIVE = (login, peer) ->
    {
        peer.accepted(SESSION, login.requestedSequenceNumber());
        peer.sequenced(1, 5);
        peer.dies();
    };

    @Test
    void shouldLogInAtTheNextAddressWhenTheFirstIsAStandby() throws Exception
    {
        final Recorder recorder = new Recorder();
        try (FakeNode standby = new FakeNode("standby", (login, peer) ->
                peer.rejected(SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE));
            FakeNode primary = new FakeNode("primary", (login, peer) ->
            {
                peer.accepted(SESSION, login.requestedSequenceNumber());
                peer.untilClosed();
            });
            ExchangeClient client = client(recorder))
        {
            client.connect(List.of(standby.address(), primary.address()));
            assertTrue(client.login("alice", "alicepw", "", 1));
            assertEquals(primary.address(), client.address());
            assertEquals(List.of("rejected S", "accepted SESSION001 1"), recorder.session);
            assertEquals(1, standby.logins().size());
        }
    }

    @Test
    void shouldContinueTheStreamOnThePromotedNodeWithNoGapAndNoDuplicate() throws Exception
    {
        final Recorder recorder = new Recorder();
        try (FakeNode primary = new FakeNode("primary", PRIMARY_DIES_AFTER_FIVE);
            FakeNode promoted = new FakeNode("promoted", (login, peer) ->
            {
                peer.accepted(SESSION, login.requestedSequenceNumber());
                peer.sequenced(login.requestedSequenceNumber(), 8);
                peer.untilClosed();
            });
            ExchangeClient client = client(recorder))
        {
            client.connect(List.of(primary.address(), promoted.address()));
            assertTrue(client.login("alice", "alicepw", "", 1));
            pollUntil(() -> recorder.messages.size() >= 8, client);

            assertEquals(oneTo(8), recorder.sequences);
            assertEquals(oneTo(8), recorder.messages);
            final LoginRequest relogin = promoted.logins().peek();
            assertNotNull(relogin);
            assertEquals(SESSION, relogin.requestedSession(), "the login resumes the session the client was in");
            assertEquals(6, relogin.requestedSequenceNumber());
            assertEquals(List.of("accepted SESSION001 1", "disconnected", "failover " + promoted.address().getPort(),
                "accepted SESSION001 6"), recorder.session);
            assertEquals(1, client.reconnects());
        }
    }

    @Test
    void shouldDropWhatThePromotedNodeReplaysBelowTheExpectedSequence() throws Exception
    {
        final Recorder recorder = new Recorder();
        try (FakeNode primary = new FakeNode("primary", PRIMARY_DIES_AFTER_FIVE);
            FakeNode promoted = new FakeNode("promoted", (login, peer) ->
            {
                peer.accepted(SESSION, 4);
                peer.sequenced(4, 8);
                peer.untilClosed();
            });
            ExchangeClient client = client(recorder))
        {
            client.connect(List.of(primary.address(), promoted.address()));
            assertTrue(client.login("alice", "alicepw", "", 1));
            pollUntil(() -> recorder.messages.size() >= 8, client);

            assertEquals(oneTo(8), recorder.sequences);
            assertEquals(oneTo(8), recorder.messages);
            assertEquals(2, client.duplicates());
            assertEquals("accepted SESSION001 6", recorder.session.get(recorder.session.size() - 1));
        }
    }

    @Test
    void shouldReportAGapWhenThePromotedNodeContinuesAboveTheExpectedSequence() throws Exception
    {
        final Recorder recorder = new Recorder();
        try (FakeNode primary = new FakeNode("primary", PRIMARY_DIES_AFTER_FIVE);
            FakeNode promoted = new FakeNode("promoted", (login, peer) ->
            {
                peer.accepted(SESSION, 9);
                peer.sequenced(9, 10);
                peer.untilClosed();
            });
            ExchangeClient client = client(recorder))
        {
            client.connect(List.of(primary.address(), promoted.address()));
            assertTrue(client.login("alice", "alicepw", "", 1));
            pollUntil(() -> recorder.messages.size() >= 7, client);

            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 9L, 10L), recorder.sequences);
            assertTrue(recorder.session.contains("gap 6 9"), recorder.session::toString);
        }
    }

    @Test
    void shouldReportARestartedStreamWhenANodeAcceptsIntoAnotherSession() throws Exception
    {
        final Recorder recorder = new Recorder();
        try (FakeNode primary = new FakeNode("primary", PRIMARY_DIES_AFTER_FIVE);
            FakeNode other = new FakeNode("other", (login, peer) ->
            {
                peer.accepted("SESSION002", 1);
                peer.sequenced(1, 2);
                peer.untilClosed();
            });
            ExchangeClient client = client(recorder))
        {
            client.connect(List.of(primary.address(), other.address()));
            assertTrue(client.login("alice", "alicepw", "", 1));
            pollUntil(() -> recorder.messages.size() >= 7, client);

            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 1L, 2L), recorder.sequences, "numbered as the new stream is");
            assertEquals(List.of("accepted SESSION001 1", "disconnected", "failover " + other.address().getPort(),
                "session SESSION001 SESSION002", "accepted SESSION002 1"), recorder.session);
            assertEquals("SESSION002", client.session());
        }
    }

    @Test
    void shouldStopAtNotAuthorizedWithoutTryingThePasswordElsewhere() throws Exception
    {
        final Recorder recorder = new Recorder();
        try (FakeNode first = new FakeNode("first", (login, peer) -> peer.rejected(SoupBinTcp.REJECT_NOT_AUTHORIZED));
            FakeNode second = new FakeNode("second", (login, peer) ->
            {
                peer.accepted(SESSION, 1);
                peer.untilClosed();
            });
            ExchangeClient client = client(recorder))
        {
            client.connect(List.of(first.address(), second.address()));
            assertFalse(client.login("alice", "wrong", "", 1));
            assertEquals('A', client.loginRejectReason());
            // Long enough for several rounds, were the client still trying.
            pollFor(4 * RECONNECT_DELAY_MILLIS, client);

            assertEquals(1, client.connectAttempts());
            assertFalse(client.isConnected());
            assertEquals(List.of("rejected A"), recorder.session);
            assertTrue(second.logins().isEmpty(), "the second address was never asked");
        }
    }

    @Test
    void shouldMoveOnFromANodeThatNeverAnswersTheLogin() throws Exception
    {
        final Recorder recorder = new Recorder();
        // The kernel completes the connection into the backlog, and nobody ever reads the login: a hung node.
        try (ServerSocket hung = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            FakeNode primary = new FakeNode("primary", (login, peer) ->
            {
                peer.accepted(SESSION, login.requestedSequenceNumber());
                peer.untilClosed();
            });
            ExchangeClient client = client(recorder).loginTimeoutMillis(300))
        {
            client.connect(List.of(loopback(hung.getLocalPort()), primary.address()));
            assertTrue(client.login("alice", "alicepw", "", 1));
            assertEquals(primary.address(), client.address());
            assertTrue(client.failure().contains("no answer to the login"), client.failure());
        }
    }

    @Test
    void shouldFailALoginWhenEveryAddressIsDownAndKeepTryingOnceARoundWithoutSpinning() throws Exception
    {
        final List<InetSocketAddress> down = List.of(downAddress(), downAddress());
        final long delayMillis = 100;
        try (ExchangeClient client = client(new Recorder()).reconnectDelayMillis(delayMillis))
        {
            assertThrows(IOException.class, () -> client.connect(down));
            final long start = System.nanoTime();
            assertFalse(client.login("alice", "alicepw", "", 1));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "one round of connect timeouts at most");
            assertEquals(0, client.loginRejectReason(), "no address answered");
            assertTrue(client.failure().contains("connect failed"), client.failure());

            final long windowMillis = 1_000;
            final long before = client.connectAttempts();
            pollFor(windowMillis, client);
            final long attempts = client.connectAttempts() - before;
            assertTrue(attempts >= 4, "keeps trying: " + attempts);
            assertTrue(attempts <= down.size() * (windowMillis / delayMillis + 2), "one round per delay: " + attempts);
        }
    }

    private static ExchangeClient client(final ExchangeListener listener)
    {
        return new ExchangeClient(listener).connectTimeoutMillis(1_000).loginTimeoutMillis(2_000)
            .reconnectDelayMillis(RECONNECT_DELAY_MILLIS);
    }

    private static List<Long> oneTo(final long last)
    {
        return LongStream.rangeClosed(1, last).boxed().toList();
    }

    private static InetSocketAddress loopback(final int port)
    {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** An address nothing listens on: a port just used and let go, so a connect to it is refused. */
    private static InetSocketAddress downAddress() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return loopback(socket.getLocalPort());
        }
    }

    private static void pollUntil(final BooleanSupplier done, final ExchangeClient client) throws IOException
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!done.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "not in time");
            if (client.poll() == 0)
            {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }

    /** Polls for a while: to count what the client does in that time, not to wait for something to happen. */
    private static void pollFor(final long millis, final ExchangeClient client) throws IOException
    {
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end)
        {
            if (client.poll() == 0)
            {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }

    /** What a fake node does with a connection once it has read the Login Request. */
    @FunctionalInterface
    private interface Script
    {
        void play(LoginRequest login, Peer peer) throws IOException;
    }

    /**
     * A SoupBinTCP node on plain sockets, one connection at a time: reads the Login Request, keeps it, and plays its
     * script. Closing it closes its sockets and joins its thread.
     */
    private static final class FakeNode implements AutoCloseable
    {
        private final ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final InetSocketAddress address = loopback(listening.getLocalPort());
        private final Queue<LoginRequest> logins = new ConcurrentLinkedQueue<>();
        private final Script script;
        private final Thread thread;
        private volatile Socket current;

        FakeNode(final String name, final Script script) throws IOException
        {
            this.script = script;
            thread = new Thread(this::serve, name);
            thread.start();
        }

        InetSocketAddress address()
        {
            return address;
        }

        /** The Login Requests received, in order. */
        Queue<LoginRequest> logins()
        {
            return logins;
        }

        @Override
        public void close() throws IOException
        {
            listening.close();
            final Socket socket = current;
            if (socket != null)
            {
                socket.close();
            }
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while joining " + thread.getName(), ex);
            }
        }

        private void serve()
        {
            while (!listening.isClosed())
            {
                try (Socket socket = listening.accept())
                {
                    current = socket;
                    if (listening.isClosed())
                    {
                        return;
                    }
                    final Peer peer = new Peer(socket);
                    final LoginRequest login = peer.readLogin();
                    logins.add(login);
                    script.play(login, peer);
                    if (peer.dies)
                    {
                        // Before the connection closes, so that the client finds this node refusing.
                        listening.close();
                    }
                }
                catch (final IOException ex)
                {
                    // This connection ended (the client left, or the test closed the node): on to the next one.
                }
            }
        }
    }

    /** One connection of a fake node, as its script sees it. */
    private static final class Peer
    {
        private final InputStream in;
        private final OutputStream out;
        private final UnsafeBuffer packet = new UnsafeBuffer(new byte[256]);
        private final OutboundEncoder encoder = new OutboundEncoder();
        private final Event event = new Event();
        private boolean dies;

        Peer(final Socket socket) throws IOException
        {
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        LoginRequest readLogin() throws IOException
        {
            final byte[] header = in.readNBytes(SoupBinTcp.HEADER_SIZE);
            if (header.length < SoupBinTcp.HEADER_SIZE)
            {
                throw new EOFException("closed before a login");
            }
            final byte[] payload = in.readNBytes(((header[0] & 0xFF) << 8 | header[1] & 0xFF) - 1);
            final LoginRequest login = new LoginRequest();
            if (header[2] != SoupBinTcp.LOGIN_REQUEST || !login.decode(new UnsafeBuffer(payload), 0, payload.length))
            {
                throw new IOException("not a Login Request");
            }
            return login;
        }

        void accepted(final String session, final long sequence) throws IOException
        {
            write(PacketWriter.loginAccepted(packet, 0, session, sequence));
        }

        void rejected(final byte reason) throws IOException
        {
            write(PacketWriter.loginRejected(packet, 0, reason));
        }

        /** Sequenced Data for messages {@code from} to {@code to}: message n is a balance update of n available. */
        void sequenced(final long from, final long to) throws IOException
        {
            for (long n = from; n <= to; n++)
            {
                event.reset().type(EventType.BALANCE_CHANGED).accountId(1).assetId(1).available(n);
                final int length = encoder.encode(event, 1, packet, SoupBinTcp.HEADER_SIZE);
                PacketWriter.header(packet, 0, SoupBinTcp.SEQUENCED_DATA, length);
                write(SoupBinTcp.HEADER_SIZE + length);
            }
        }

        /** Keeps the connection open, reading what the client sends, until either side closes it. */
        void untilClosed() throws IOException
        {
            in.transferTo(OutputStream.nullOutputStream());
        }

        /** The node stops listening once this connection ends, as a killed process would. */
        void dies()
        {
            dies = true;
        }

        private void write(final int length) throws IOException
        {
            out.write(packet.byteArray(), 0, length);
            out.flush();
        }
    }

    /** What the client reported: its session's events as text, and each message's sequence and number. */
    private static final class Recorder implements ExchangeListener
    {
        private final List<String> session = new ArrayList<>();
        private final List<Long> sequences = new ArrayList<>();
        private final List<Long> messages = new ArrayList<>();

        @Override
        public void onLoginAccepted(final String sessionId, final long nextSequence)
        {
            session.add("accepted " + sessionId + " " + nextSequence);
        }

        @Override
        public void onLoginRejected(final char reason)
        {
            session.add("rejected " + reason);
        }

        @Override
        public void onDisconnected(final String reason)
        {
            session.add("disconnected");
        }

        @Override
        public void onFailover(final InetSocketAddress address)
        {
            session.add("failover " + address.getPort());
        }

        @Override
        public void onSessionChanged(final String previousSession, final String sessionId)
        {
            session.add("session " + previousSession + " " + sessionId);
        }

        @Override
        public void onGap(final long expectedSequence, final long nextSequence)
        {
            session.add("gap " + expectedSequence + " " + nextSequence);
        }

        @Override
        public void onBalanceUpdate(final long sequence, final Event event)
        {
            sequences.add(sequence);
            messages.add(event.available());
        }
    }
}
