package dev.exengine.gateway;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static dev.exengine.gateway.GatewayHarness.ALICE_ACCOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's thread takes an order in, has it applied (here on the same thread, as a node whose gateway runs the
 * engine does), stores its answers in the user's stream and sends them, without allocating after warm-up: what it
 * allocated per order would be garbage the collector must take away, and every fresh page of the heap it takes costs
 * a page fault first.
 */
class GatewayAllocationTest
{
    private static final int WARM_UP_ORDERS = 30_000;
    private static final int MEASURED_ORDERS = 30_000;
    private static final int IN_FLIGHT = 64;

    @TempDir
    Path dir;

    private long answered;

    @Test
    void shouldTakeOrdersInAndAnswerThemWithoutAllocatingAfterWarmUp() throws IOException
    {
        try (GatewayHarness harness = new GatewayHarness(dir,
            c -> c.commandsPerSecond(1_000_000_000).commandBurst(1_000_000_000).streamPretouchAhead(64 * 1024));
            ExchangeClient client = new ExchangeClient(new Answers()).autoReconnect(false))
        {
            client.connect("127.0.0.1", harness.port());
            assertTrue(client.login("alice", "alicepw", "", 0), () -> "login: " + client.loginRejectReason() + " " + client.failure());
            final Thread gatewayThread = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("exengine-gateway")).findFirst().orElseThrow();
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

            trade(client, 0, WARM_UP_ORDERS);
            final long before = threads.getThreadAllocatedBytes(gatewayThread.getId());
            trade(client, WARM_UP_ORDERS, MEASURED_ORDERS);
            final long allocated = threads.getThreadAllocatedBytes(gatewayThread.getId()) - before;

            assertEquals(WARM_UP_ORDERS + MEASURED_ORDERS, answered);
            // A bound, not zero: a rare housekeeping step (a stream's file index growing) may allocate a little; one
            // object per order would be 30 times this.
            assertTrue(allocated < 32 * 1024, "the gateway's thread allocated " + allocated + " bytes over " +
                MEASURED_ORDERS + " orders");
        }
    }

    /** IOC buys at one tick on an empty book: each is accepted and canceled, and the book never grows. */
    private void trade(final ExchangeClient client, final int first, final int orders) throws IOException
    {
        final long until = first + orders;
        long sent = first;
        final long deadline = System.nanoTime() + GatewayHarness.DEADLINE_NANOS;
        while (answered < until)
        {
            while (sent < until && sent - answered < IN_FLIGHT)
            {
                client.newOrder(ALICE_ACCOUNT, 1, ++sent, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, false, 100, 10);
            }
            if (client.poll() == 0)
            {
                Thread.onSpinWait();
            }
            assertTrue(System.nanoTime() < deadline, "answered " + answered + " of " + until);
        }
    }

    private final class Answers implements ExchangeListener
    {
        @Override
        public void onOrderAccepted(final long sequence, final Event event)
        {
            answered++;
        }
    }
}
