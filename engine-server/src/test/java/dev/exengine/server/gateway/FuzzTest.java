package dev.exengine.server.gateway;

import dev.exengine.client.ExchangeClient;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.RejectReason;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.protocol.codec.ClientEncoder;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import dev.exengine.server.gateway.GatewayFixture.Recorder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.exengine.server.gateway.GatewayFixture.*;
import static dev.exengine.server.gateway.GatewayTest.loginPacket;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile connections throw garbage at the gateway while one good client trades. The good client keeps getting its
 * acknowledgements, the server stays up, and the engine ends in exactly the state the good client's commands alone
 * produce: nothing invalid reached it.
 */
class FuzzTest
{
    private static final int ORDERS = 60;

    @TempDir
    Path dir;

    @Test
    void shouldKeepTradingAndLeaveEngineStateUntouchedUnderHostileInput() throws IOException
    {
        final long clean;
        try (GatewayFixture fixture = new GatewayFixture(dir.resolve("clean"), c -> c))
        {
            fixture.bootstrap();
            trade(fixture, null);
            clean = fixture.stop();
        }
        final long attacked;
        try (GatewayFixture fixture = new GatewayFixture(dir.resolve("attacked"), c -> c.loginTimeoutMillis(500)))
        {
            fixture.bootstrap();
            final List<Socket> hostile = new ArrayList<>();
            try
            {
                trade(fixture, new Hostility(fixture.port(), hostile, new Random(42)));
                final GatewayMetrics metrics = fixture.node().gateway().metrics();
                assertTrue(metrics.disconnects(DisconnectReason.PROTOCOL_VIOLATION) > 0, "garbage ended sessions");
                assertTrue(metrics.rejects(RejectReason.MALFORMED) > 0, "undecodable messages were answered");
                assertTrue(metrics.rejects(RejectReason.NOT_AUTHORIZED) > 0, "foreign accounts refused");
                assertEquals(0, metrics.internalErrors());
            }
            finally
            {
                for (final Socket socket : hostile)
                {
                    socket.close();
                }
            }
            attacked = fixture.stop();
        }
        assertEquals(clean, attacked, "only the good client's commands changed the engine");
    }

    private static void trade(final GatewayFixture fixture, final Hostility hostility) throws IOException
    {
        final Recorder alice = new Recorder();
        final ExchangeClient client = fixture.login("alice", "alicepw", alice);
        for (int i = 1; i <= ORDERS; i++)
        {
            if (hostility != null)
            {
                hostility.attack(i);
            }
            client.newOrder(ALICE_ACCOUNT, INSTRUMENT, i, i % 2 == 0 ? Side.BUY : Side.SELL, OrderType.LIMIT,
                TimeInForce.GTC, false, (i % 2 == 0 ? 90 : 110) * TICK, LOT);
            final int acked = i;
            pollUntil(() -> alice.count("ORDER_ACCEPTED") == acked, () -> alice, client);
        }
        assertEquals(0, alice.count("ORDER_REJECTED"));
    }

    /** One hostile act per round, cycling through the kinds of bad input. */
    private static final class Hostility
    {
        private final int port;
        private final List<Socket> sockets;
        private final Random random;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        private final ClientEncoder encoder = new ClientEncoder();

        Hostility(final int port, final List<Socket> sockets, final Random random)
        {
            this.port = port;
            this.sockets = sockets;
            this.random = random;
        }

        void attack(final int round) throws IOException
        {
            switch (round % 10)
            {
                case 0 -> raw(randomBytes(1 + random.nextInt(300)));
                case 1 -> raw(new byte[] {0, 0, 'U'});
                case 2 -> raw(new byte[] {(byte)0xFF, (byte)0xFF, 'U', 1, 2, 3});
                case 3 -> raw(new byte[] {0, 5, 'U', 1, 2});
                case 4 -> raw(new byte[] {0, 3, 'U', 9, 9});
                case 5 -> raw(new byte[] {0, 1, 'Q'});
                case 6 -> loggedInAsBob(garbageMessages());
                case 7 -> loggedInAsBob(foreignOrder());
                case 8 -> loggedInAsBob(afterLogout());
                default -> loggedInAsBob(concat(unknownTypeAfterLogin(), garbageMessages()));
            }
        }

        private void raw(final byte[] bytes) throws IOException
        {
            final Socket socket = new Socket("127.0.0.1", port);
            sockets.add(socket);
            final OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        }

        private void loggedInAsBob(final byte[] after) throws IOException
        {
            raw(concat(loginPacket("bob", "bobpw", "", 0), after));
        }

        private byte[] garbageMessages()
        {
            final List<byte[]> packets = new ArrayList<>();
            for (int i = 0; i < 5; i++)
            {
                packets.add(unsequenced(randomBytes(random.nextInt(60))));
            }
            // A real NewOrder for bob with an out-of-range enum and one cut short.
            final int length = encoder.newOrder(buffer, 0, BOB_ACCOUNT, 1, INSTRUMENT, Side.SELL, OrderType.LIMIT,
                TimeInForce.GTC, false, 100 * TICK, LOT);
            final byte[] order = new byte[length];
            buffer.getBytes(0, order);
            final byte[] badEnum = order.clone();
            badEnum[length - 1] = 77;
            packets.add(unsequenced(badEnum));
            packets.add(unsequenced(java.util.Arrays.copyOf(order, length - 5)));
            final byte[] wrongSchema = order.clone();
            wrongSchema[4] ^= 0x5A;
            packets.add(unsequenced(wrongSchema));
            return concat(packets.toArray(new byte[0][]));
        }

        private byte[] foreignOrder()
        {
            final int length = encoder.newOrder(buffer, 0, ALICE_ACCOUNT, 1, INSTRUMENT, Side.SELL, OrderType.MARKET,
                TimeInForce.IOC, false, 0, LOT);
            final byte[] order = new byte[length];
            buffer.getBytes(0, order);
            final int depositLength = encoder.deposit(buffer, 0, BOB_ACCOUNT, 1, 1_000, 0);
            final byte[] deposit = new byte[depositLength];
            buffer.getBytes(0, deposit);
            return concat(unsequenced(order), unsequenced(deposit));
        }

        private byte[] afterLogout()
        {
            final int length = encoder.newOrder(buffer, 0, BOB_ACCOUNT, 1, INSTRUMENT, Side.SELL, OrderType.LIMIT,
                TimeInForce.GTC, false, 500 * TICK, LOT);
            final byte[] order = new byte[length];
            buffer.getBytes(0, order);
            return concat(new byte[] {0, 1, SoupBinTcp.LOGOUT_REQUEST}, unsequenced(order));
        }

        private byte[] unknownTypeAfterLogin()
        {
            return new byte[] {0, 2, 'X', 0};
        }

        private byte[] unsequenced(final byte[] payload)
        {
            final UnsafeBuffer packet = new UnsafeBuffer(new byte[payload.length + SoupBinTcp.HEADER_SIZE]);
            PacketWriter.data(packet, 0, SoupBinTcp.UNSEQUENCED_DATA, new UnsafeBuffer(payload), 0, payload.length);
            return packet.byteArray();
        }

        private byte[] randomBytes(final int length)
        {
            final byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            return bytes;
        }

        private static byte[] concat(final byte[]... parts)
        {
            final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (final byte[] part : parts)
            {
                out.writeBytes(part);
            }
            return out.toByteArray();
        }
    }
}
