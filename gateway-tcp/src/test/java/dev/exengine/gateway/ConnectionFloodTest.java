package dev.exengine.gateway;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.gateway.connection.DisconnectReason;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static dev.exengine.gateway.GatewayHarness.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A flood of connections that never log in, from more addresses than the per-address limit could stop, while a client
 * logs in and trades. The gateway's clock stands still, so no login timeout ever frees a place: only shedding does.
 */
class ConnectionFloodTest
{
    /** 127.0.0.1 to 127.0.0.120: Linux routes all of 127/8 to the loopback, so a socket may bind any of them. */
    private static final int ADDRESSES = 120;
    /** Below the per-address limit of 16: that limit alone would let the flood in. */
    private static final int PER_ADDRESS = 13;
    private static final int LOGINS = 3;

    @TempDir
    Path dir;

    @Test
    void shouldLetAClientLogInAndTradeWhileAFloodOfIdleConnectionsIsShed() throws Exception
    {
        try (GatewayHarness harness = new GatewayHarness(dir, UnaryOperator.identity());
             Flood flood = new Flood(harness.gateway().localAddress()))
        {
            final GatewayMetrics metrics = harness.gateway().metrics();
            final int flooding = ADDRESSES * PER_ADDRESS;
            // Every flood connection made once (the server took it from its backlog), the room for connections not
            // logged in full.
            awaitTrue(() -> flood.established() >= flooding && harness.gateway().connectionCount() >= 512);

            for (int login = 1; login <= LOGINS; login++)
            {
                final long connectsBefore = flood.connects();
                final AtomicLong accepted = new AtomicLong();
                try (ExchangeClient client = new ExchangeClient(new ExchangeListener()
                {
                    @Override
                    public void onOrderAccepted(final long sequence, final Event event)
                    {
                        accepted.incrementAndGet();
                    }
                }).autoReconnect(false))
                {
                    client.connect("127.0.0.1", harness.port());
                    assertTrue(client.login("alice", "alicepw", "", 0),
                        "login " + login + ": " + client.failure() + ", rejected '" + client.loginRejectReason() + "'");
                    client.newOrder(ALICE_ACCOUNT, 1, login, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false,
                        100, 10);
                    GatewayHarness.pollUntil(client, () -> accepted.get() == 1);
                }
                // The flood went on meanwhile: it was not a lull that let the client in.
                awaitTrue(() -> flood.connects() > connectsBefore + 100);
            }

            assertEquals(LOGINS, metrics.logins(GatewayMetrics.LoginOutcome.ACCEPTED));
            assertTrue(metrics.disconnects(DisconnectReason.SHED) >= flooding - 512,
                () -> metrics.disconnects(DisconnectReason.SHED) + " shed");
            assertTrue(flood.closedByServer() > 0);
            for (final GatewayMetrics.ShedLimit limit : GatewayMetrics.ShedLimit.values())
            {
                assertEquals(0, metrics.connectionsShed(limit), "there was always an idle one to shed");
            }
            assertEquals(0, metrics.disconnects(DisconnectReason.LOGIN_TIMEOUT), "the clock stood still: no login timeout helped");
            assertTrue(harness.gateway().connectionCount() <= 1024);
        }
    }


    /**
     * Connections that never send a byte, {@link #PER_ADDRESS} from each of {@link #ADDRESSES} addresses, on a thread
     * of its own: it opens them all, and opens one again (from the same address) whenever the server closes one, at
     * {@link #CONNECTS_PER_MILLI} a millisecond (the 1,560 within a second), so as not to take both cores from the
     * gateway nor overflow its listen backlog faster than any server could take connections from it.
     */
    private static final class Flood implements AutoCloseable
    {
        private static final int CONNECTS_PER_MILLI = 2;

        private final InetSocketAddress target;
        private final Selector selector = Selector.open();
        private final Queue<String> toReconnect = new ArrayDeque<>();
        private final ByteBuffer sink = ByteBuffer.allocate(64);
        private final AtomicLong connects = new AtomicLong();
        private final AtomicLong established = new AtomicLong();
        private final AtomicLong closedByServer = new AtomicLong();
        private final Thread thread = new Thread(this::run, "flood");
        private volatile boolean running = true;
        private volatile Throwable failure;

        Flood(final InetSocketAddress target) throws IOException
        {
            this.target = target;
            for (int i = 1; i <= ADDRESSES; i++)
            {
                for (int j = 0; j < PER_ADDRESS; j++)
                {
                    toReconnect.add("127.0.0." + i);
                }
            }
            thread.start();
        }

        long connects()
        {
            assertHealthy();
            return connects.get();
        }

        /** @return connections whose handshake completed: each was in the server's backlog or taken from it. */
        long established()
        {
            assertHealthy();
            return established.get();
        }

        long closedByServer()
        {
            return closedByServer.get();
        }

        @Override
        public void close() throws InterruptedException
        {
            running = false;
            selector.wakeup();
            thread.join();
            for (final SelectionKey key : selector.keys())
            {
                CloseHelper.quietClose(key.channel());
            }
            CloseHelper.quietClose(selector);
            assertHealthy();
        }

        private void assertHealthy()
        {
            if (failure != null)
            {
                throw new AssertionError("the flood failed", failure);
            }
        }

        private void run()
        {
            try
            {
                long lastMillis = System.currentTimeMillis();
                while (running)
                {
                    selector.select(1);
                    for (final SelectionKey key : selector.selectedKeys())
                    {
                        onReady(key);
                    }
                    selector.selectedKeys().clear();
                    final long now = System.currentTimeMillis();
                    connectAll((int)Math.min(Integer.MAX_VALUE, (now - lastMillis) * CONNECTS_PER_MILLI));
                    lastMillis = now;
                }
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
        }

        private void connectAll(final int most) throws IOException
        {
            for (int i = 0; i < most && !toReconnect.isEmpty(); i++)
            {
                final String address = toReconnect.poll();
                final SocketChannel channel = SocketChannel.open();
                try
                {
                    channel.bind(new InetSocketAddress(address, 0));
                    channel.configureBlocking(false);
                    final boolean connected = channel.connect(target);
                    channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, address);
                    connects.incrementAndGet();
                    if (connected)
                    {
                        established.incrementAndGet();
                    }
                }
                catch (final IOException ex)
                {
                    channel.close();
                    throw ex;
                }
            }
        }

        private void onReady(final SelectionKey key)
        {
            final SocketChannel channel = (SocketChannel)key.channel();
            try
            {
                if (key.isConnectable())
                {
                    if (channel.finishConnect())
                    {
                        established.incrementAndGet();
                        key.interestOps(SelectionKey.OP_READ);
                    }
                    return;
                }
                sink.clear();
                if (channel.read(sink) >= 0)
                {
                    return;
                }
            }
            catch (final IOException ex)
            {
                // Closed by the server with a reset, or refused: as good as a close.
            }
            closedByServer.incrementAndGet();
            CloseHelper.quietClose(channel);
            toReconnect.add((String)key.attachment());
        }
    }
}
