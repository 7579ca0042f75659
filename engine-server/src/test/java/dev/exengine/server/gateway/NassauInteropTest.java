package dev.exengine.server.gateway;

import com.paritytrading.nassau.soupbintcp.SoupBinTCP;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClient;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClientStatusListener;
import dev.exengine.client.ExchangeClient;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.protocol.codec.ClientDecoder;
import dev.exengine.protocol.codec.ClientEncoder;
import dev.exengine.protocol.codec.DecodeResult;
import dev.exengine.server.gateway.GatewayFixture.Recorder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static dev.exengine.server.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** A standard SoupBinTCP client (Nassau) logs in, trades, loses its connection and recovers every missed message. */
class NassauInteropTest
{
    @TempDir
    Path dir;

    @Test
    void shouldServeNassauClientThroughLoginTradingDropAndRecovery() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, c -> c))
        {
            fixture.bootstrap();
            final List<String> received = new ArrayList<>();
            final long next;
            final String session;
            try (NassauSession first = new NassauSession(fixture.port(), received))
            {
                first.login("", 1);
                final ByteBuffer order = ByteBuffer.allocate(256);
                final int length = new ClientEncoder().newOrder(new UnsafeBuffer(order), 0, ALICE_ACCOUNT, 5,
                    INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 50 * TICK, 2 * LOT);
                order.limit(length);
                first.client.send(order);
                first.pollUntil(() -> received.stream().anyMatch(m -> m.startsWith("ORDER_ACCEPTED")));
                first.pollUntil(() -> received.stream().anyMatch(m -> m.startsWith("BALANCE_CHANGED") &&
                    m.contains("held=")));
                session = first.session;
                next = received.size() + 1;
            }
            final ExchangeClient bob = fixture.login("bob", "bobpw", new Recorder());
            bob.newOrder(BOB_ACCOUNT, INSTRUMENT, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, false, 50 * TICK,
                2 * LOT);

            final List<String> missed = new ArrayList<>();
            try (NassauSession second = new NassauSession(fixture.port(), missed))
            {
                second.login(session, next);
                assertEquals(next, second.acceptedSequence);
                second.pollUntil(() -> missed.stream().anyMatch(m -> m.startsWith("TRADE")));
                second.pollUntil(() -> missed.stream().filter(m -> m.startsWith("BALANCE_CHANGED")).count() >= 2);
            }
            final List<String> all = new ArrayList<>();
            try (NassauSession third = new NassauSession(fixture.port(), all))
            {
                third.login(session, 1);
                third.pollUntil(() -> all.size() >= received.size() + missed.size());
            }
            final List<String> expected = new ArrayList<>(received);
            expected.addAll(missed);
            assertEquals(expected, all.subList(0, expected.size()), "every message once, in order");
        }
    }

    /** Nassau's client on a blocking-free channel, decoding payloads with the SBE client decoder. */
    private static final class NassauSession implements AutoCloseable
    {
        private final SocketChannel channel;
        private final SoupBinTCPClient client;
        private String session;
        private long acceptedSequence;
        private boolean rejected;

        NassauSession(final int port, final List<String> received) throws IOException
        {
            channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.configureBlocking(false);
            final ClientDecoder decoder = new ClientDecoder();
            final Event event = new Event();
            client = new SoupBinTCPClient(channel, payload ->
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(payload);
                final DecodeResult result = decoder.decode(buffer, payload.position(), payload.remaining(), event);
                received.add(result == DecodeResult.MESSAGE ? event.toString() : result.name());
            }, new SoupBinTCPClientStatusListener()
            {
                @Override
                public void heartbeatTimeout(final SoupBinTCPClient c)
                {
                    fail("server heartbeats missing");
                }

                @Override
                public void loginAccepted(final SoupBinTCPClient c, final SoupBinTCP.LoginAccepted accepted)
                {
                    session = accepted.getSession().trim();
                    acceptedSequence = accepted.getSequenceNumber();
                }

                @Override
                public void loginRejected(final SoupBinTCPClient c, final SoupBinTCP.LoginRejected r)
                {
                    rejected = true;
                }

                @Override
                public void endOfSession(final SoupBinTCPClient c)
                {
                    fail("no end of session expected");
                }
            });
        }

        void login(final String requestedSession, final long sequence) throws IOException
        {
            final SoupBinTCP.LoginRequest request = new SoupBinTCP.LoginRequest();
            request.setUsername("alice");
            request.setPassword("alicepw");
            request.setRequestedSession(requestedSession);
            request.setRequestedSequenceNumber(sequence);
            client.login(request);
            pollUntil(() -> session != null || rejected);
            assertFalse(rejected, "login rejected");
        }

        void pollUntil(final BooleanSupplier condition) throws IOException
        {
            final long deadline = System.currentTimeMillis() + 20_000;
            while (!condition.getAsBoolean())
            {
                assertTrue(System.currentTimeMillis() < deadline, "timed out");
                if (client.receive() <= 0)
                {
                    Thread.yield();
                }
                client.keepAlive();
            }
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }
}
