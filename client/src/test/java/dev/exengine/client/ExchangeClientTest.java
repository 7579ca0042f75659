package dev.exengine.client;

import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.protocol.soupbin.PacketWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExchangeClientTest
{
    @Test
    void shouldGiveUpOnAServerThatStopsReadingInsteadOfSpinningInAWrite() throws Exception
    {
        final CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket listening = new ServerSocket(0))
        {
            // Accepts the login, then neither reads nor writes again until the test ends.
            final Thread server = new Thread(() ->
            {
                try (Socket socket = listening.accept())
                {
                    socket.getInputStream().readNBytes(3 + 46);
                    final UnsafeBuffer accepted = new UnsafeBuffer(new byte[64]);
                    final byte[] packet = new byte[PacketWriter.loginAccepted(accepted, 0, "SESSION001", 1)];
                    accepted.getBytes(0, packet);
                    socket.getOutputStream().write(packet);
                    done.await(30, TimeUnit.SECONDS);
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new IllegalStateException(ex);
                }
            }, "stuck-server");
            server.start();
            final ExchangeClient client = new ExchangeClient(new ExchangeListener() { })
                .serverTimeoutMillis(500).autoReconnect(false);
            client.connect("127.0.0.1", listening.getLocalPort());
            assertTrue(client.login("alice", "alicepw", "", 0));
            final long start = System.nanoTime();
            final IOException failed = assertThrows(IOException.class, () ->
            {
                for (long clientOrderId = 1; ; clientOrderId++)
                {
                    client.newOrder(1, 1, clientOrderId, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 1);
                }
            });
            assertTrue(failed.getMessage().contains("took nothing"), failed.getMessage());
            assertFalse(client.isConnected());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "gave up within the server timeout");
            done.countDown();
            server.join();
        }
    }
}
