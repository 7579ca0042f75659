package dev.exengine.gateway;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.RejectReason;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.protocol.sbe.OrderAcceptedDecoder;
import dev.exengine.protocol.sbe.ProtocolRejectDecoder;
import dev.exengine.protocol.sbe.ProtocolRejectReason;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static dev.exengine.gateway.GatewayHarness.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Messages that cannot be decoded: each is answered with a ProtocolReject to the session that sent it, as Unsequenced
 * Data, never stored in the user's stream nor sent to the user's other sessions; a session that keeps sending them is
 * ended, with a clean close.
 */
class UndecodableMessageTest
{
    /** Unsequenced Data with three bytes that are no SBE message (shorter than its header: TRUNCATED). */
    private static final byte[] JUNK = {0, 4, SoupBinTcp.UNSEQUENCED_DATA, 1, 2, 3};

    @TempDir
    Path dir;

    private GatewayHarness harness;
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
    void shouldAnswerJunkOutsideTheStreamToTheSenderOnlyAndStoreNothing() throws IOException
    {
        harness = new GatewayHarness(dir, UnaryOperator.identity());
        final long nextStored = harness.nextStored("alice", "alicepw");
        try (Socket other = new Socket("127.0.0.1", harness.port()))
        {
            other.setSoTimeout(10_000);
            other.getOutputStream().write(loginPacket("alice", "alicepw"));
            final InputStream otherIn = other.getInputStream();
            assertEquals(SoupBinTcp.LOGIN_ACCEPTED, readPacketType(otherIn));

            final Recorder alice = new Recorder();
            client = new ExchangeClient(alice).autoReconnect(false);
            client.connect("127.0.0.1", harness.port());
            assertTrue(client.login("alice", "alicepw", "", 0));
            final int junk = 50;
            for (int i = 0; i < junk; i++)
            {
                client.sendUnsequenced(new UnsafeBuffer(JUNK), SoupBinTcp.HEADER_SIZE,
                    JUNK.length - SoupBinTcp.HEADER_SIZE);
            }
            client.newOrder(ALICE_ACCOUNT, 1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10);
            pollUntil(() -> alice.orderAcceptedAt > 0);

            assertEquals(junk, alice.protocolRejects.size(), "each undecodable message answered, before the order");
            assertTrue(alice.protocolRejects.stream().allMatch(sequence -> sequence == ExchangeListener.UNSEQUENCED),
                () -> "sequence numbers " + alice.protocolRejects);
            assertEquals(nextStored, alice.orderAcceptedAt, "the junk's answers took no place in the stream");
            assertEquals(junk, harness.gateway().metrics().rejects(RejectReason.MALFORMED));
            // The other session of the user gets the order's acknowledgement and nothing of the junk.
            assertArrayEquals(new int[] {SoupBinTcp.SEQUENCED_DATA, OrderAcceptedDecoder.TEMPLATE_ID},
                readTypeAndTemplate(otherIn));
        }
        // A login from the start of the stream replays it all: no ProtocolReject was stored.
        final Recorder replayed = new Recorder();
        client.close();
        client = new ExchangeClient(replayed).autoReconnect(false);
        client.connect("127.0.0.1", harness.port());
        assertTrue(client.login("alice", "alicepw", "", 1));
        pollUntil(() -> replayed.orderAcceptedAt > 0);
        assertEquals(0, replayed.protocolRejects.size());
    }

    @Test
    void shouldEndASessionThatKeepsSendingJunkWithACleanCloseAfterItsAnswers() throws IOException
    {
        harness = new GatewayHarness(dir, c -> c.maxUndecodablePerWindow(5).undecodableWindowMillis(60_000));
        try (Socket socket = new Socket("127.0.0.1", harness.port()))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(loginPacket("alice", "alicepw"));
            final InputStream in = socket.getInputStream();
            assertEquals(SoupBinTcp.LOGIN_ACCEPTED, readPacketType(in));
            for (int i = 0; i < 200; i++)
            {
                out.write(JUNK);
            }
            out.flush();

            for (int i = 0; i < 5; i++)
            {
                assertArrayEquals(new int[] {SoupBinTcp.UNSEQUENCED_DATA, ProtocolRejectDecoder.TEMPLATE_ID},
                    readTypeAndTemplate(in), "answer " + (i + 1));
            }
            // The end of the stream, not a reset (which would throw here).
            assertEquals(-1, in.read(), "the sixth ends the session");
            assertEquals(1, harness.gateway().metrics().disconnects(DisconnectReason.UNDECODABLE));
            assertEquals(5, harness.gateway().metrics().rejects(RejectReason.MALFORMED));
        }
    }

    @Test
    void shouldForgetJunkOnceItsWindowHasPassed() throws IOException
    {
        harness = new GatewayHarness(dir, c -> c.maxUndecodablePerWindow(3).undecodableWindowMillis(1_000));
        try (Socket socket = new Socket("127.0.0.1", harness.port()))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(loginPacket("alice", "alicepw"));
            final InputStream in = socket.getInputStream();
            assertEquals(SoupBinTcp.LOGIN_ACCEPTED, readPacketType(in));
            for (int window = 0; window < 3; window++)
            {
                for (int i = 0; i < 3; i++)
                {
                    out.write(JUNK);
                }
                for (int i = 0; i < 3; i++)
                {
                    assertArrayEquals(new int[] {SoupBinTcp.UNSEQUENCED_DATA, ProtocolRejectDecoder.TEMPLATE_ID},
                        readTypeAndTemplate(in));
                }
                harness.advanceMillis(1_000);
            }
            assertEquals(0, harness.gateway().metrics().disconnects(DisconnectReason.UNDECODABLE));
            assertEquals(1, harness.gateway().connectionCount(), "still served");
        }
    }

    private void pollUntil(final BooleanSupplier condition)
    {
        GatewayHarness.pollUntil(client, condition);
    }

    /** @return the next packet's type and, for data, the template id of its message; a reset throws. */
    private static int[] readTypeAndTemplate(final InputStream in) throws IOException
    {
        final byte[] header = in.readNBytes(SoupBinTcp.HEADER_SIZE);
        if (header.length < SoupBinTcp.HEADER_SIZE)
        {
            return new int[] {-1, -1};
        }
        final byte[] payload = in.readNBytes(((header[0] & 0xFF) << 8 | header[1] & 0xFF) - 1);
        final int template = payload.length >= 4 ? (payload[2] & 0xFF) | (payload[3] & 0xFF) << 8 : -1;
        return new int[] {header[2], template};
    }

    /** The sequence numbers of the ProtocolRejects a client got, and of its first OrderAccepted. */
    private static final class Recorder implements ExchangeListener
    {
        final List<Long> protocolRejects = new CopyOnWriteArrayList<>();
        volatile long orderAcceptedAt;

        @Override
        public void onProtocolReject(final long sequence, final ProtocolRejectDecoder reject)
        {
            assertEquals(ProtocolRejectReason.TRUNCATED, reject.reason());
            protocolRejects.add(sequence);
        }

        @Override
        public void onOrderAccepted(final long sequence, final Event event)
        {
            if (orderAcceptedAt == 0)
            {
                orderAcceptedAt = sequence;
            }
        }
    }
}
