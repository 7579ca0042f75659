package dev.exengine.replication;

import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import dev.exengine.replay.EpochHistory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The standby's side against a primary scripted by the test: what it takes, and what it refuses without taking
 * anything (a damaged record, a gap, a duplicate, a primary of an older epoch, a wrong credential).
 */
class ReplicationClientTest
{
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final int SOCKET_TIMEOUT_MILLIS = 20_000;

    private final ServerSocket listening;
    private final RecordingReplica replica = new RecordingReplica();
    private ReplicationClient client;
    private Socket primary;

    ReplicationClientTest() throws IOException
    {
        listening = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        listening.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
    }

    @AfterEach
    void tearDown() throws IOException
    {
        if (client != null)
        {
            client.stop();
        }
        if (primary != null)
        {
            primary.close();
        }
        listening.close();
    }

    @Test
    void shouldTakeDecidedRecordsInOrderWithThePrimarysDecisions() throws IOException
    {
        accept();
        hello(EpochHistory.initial(), 3);
        send(record(1, 10));
        send(record(2, 20));
        send(skip(3, 2));
        awaitTrue(() -> client.isFollowing());
        assertTrue(replica.offers.isEmpty(), "nothing goes on before the primary decided it");
        decided(3);
        awaitTrue(() -> replica.offers.size() == 3);
        assertEquals(List.of("1 APPLIED", "2 LEFT_OUT", "3 APPLIED"), replica.offers);
    }

    @Test
    void shouldTakeEveryRecordInOrderAfterTheEnginesRingWasFullWithoutSpinningMeanwhile() throws IOException, InterruptedException
    {
        replica.full = true;
        accept();
        hello(EpochHistory.initial(), 1);
        final long window = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        final long[] sent = new long[1];
        final Thread primaryWriting = new Thread(() ->
        {
            try
            {
                // The primary ships on for a second, as fast as the standby's socket takes it, batches of packets at
                // a time.
                final OutputStream out = primary.getOutputStream();
                final ByteArrayOutputStream batch = new ByteArrayOutputStream();
                while (System.nanoTime() < window)
                {
                    batch.reset();
                    for (int i = 0; i < 500; i++)
                    {
                        batch.write(packet(SoupBinTcp.SEQUENCED_DATA, record(++sent[0], 10)));
                    }
                    final UnsafeBuffer mark = new UnsafeBuffer(new byte[16]);
                    final int length = ReplicationMessages.sequenceMessage(mark, 0, ReplicationMessages.DECIDED,
                        sent[0]);
                    batch.write(packet(SoupBinTcp.UNSEQUENCED_DATA, Arrays.copyOf(mark.byteArray(), length)));
                    out.write(batch.toByteArray());
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }, "primary-writing");
        primaryWriting.start();
        awaitTrue(() -> replica.refusals.get() > 0);
        Thread.sleep(1_000);

        // Refused, the link stops reading and sleeps until the engine wakes it (or its 5 ms timer), instead of
        // offering the same record again at every packet that arrives.
        final int refusals = replica.refusals.get();
        assertTrue(refusals < 2_000, refusals + " offers refused in a second: the link spins on a full engine");
        replica.full = false;
        client.wakeUp();
        primaryWriting.join();
        awaitTrue(() -> replica.offers.size() == sent[0]);
        for (int i = 0; i < sent[0]; i++)
        {
            assertEquals((i + 1) + " APPLIED", replica.offers.get(i));
        }
    }

    @Test
    void shouldRefuseARecordThatCameDamagedAndTakeNothingOfIt() throws IOException
    {
        accept();
        hello(EpochHistory.initial(), 2);
        send(record(1, 10));
        final byte[] damaged = record(2, 20);
        damaged[damaged.length - 1] ^= 0x40;
        send(damaged);
        decided(2);
        awaitLinkLost("came damaged (its CRC does not match its bytes)");
        assertTrue(replica.offers.isEmpty(), "nothing of the connection that carried it: " + replica.offers);
    }

    @Test
    void shouldRefuseAGapAndADuplicate() throws IOException
    {
        accept();
        hello(EpochHistory.initial(), 3);
        send(record(1, 10));
        send(record(3, 30));
        awaitLinkLost("record 3 came where 2 was due");

        accept();
        hello(EpochHistory.initial(), 3);
        send(record(1, 10));
        send(record(1, 10));
        awaitLinkLost("record 1 came where 2 was due");
        assertTrue(replica.offers.isEmpty());
    }

    @Test
    void shouldNotFollowAPrimaryOfAnOlderEpoch() throws IOException
    {
        replica.epochs = EpochHistory.initial().then(1, 1);
        accept();
        hello(EpochHistory.initial(), 5);
        awaitTrue(() -> client.refusal() != null);
        assertTrue(client.refusal().contains("older than this node's 1"), client.refusal());
        assertTrue(replica.offers.isEmpty());
    }

    @Test
    void shouldSayWhenThePrimaryRefusesTheCredential() throws IOException
    {
        startClient();
        primary = listening.accept();
        primary.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        readLogin();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        final int length = PacketWriter.loginRejected(buffer, 0, SoupBinTcp.REJECT_NOT_AUTHORIZED);
        primary.getOutputStream().write(buffer.byteArray(), 0, length);
        awaitLinkLost("refused the replication login");
        assertTrue(replica.offers.isEmpty());
    }

    /** Starts the client (once) and takes its connection: login and IDENTIFY read, Login Accepted sent. */
    private void accept() throws IOException
    {
        startClient();
        if (primary != null)
        {
            primary.close();
        }
        primary = listening.accept();
        primary.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        readLogin();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int length = PacketWriter.loginAccepted(buffer, 0, "SESSION001", 1);
        primary.getOutputStream().write(buffer.byteArray(), 0, length);
    }

    private void startClient()
    {
        if (client == null)
        {
            client = new ReplicationClient(new ReplicationSettings(null,
                new InetSocketAddress(listening.getInetAddress(), listening.getLocalPort()), "repl", "pw", null,
                List.of(), ReplicationSettings.StandbyLossPolicy.WAIT, Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofSeconds(5)), replica);
            client.start();
        }
    }

    private void readLogin() throws IOException
    {
        final InputStream in = primary.getInputStream();
        final int length = (in.read() << 8) | in.read();
        assertEquals(SoupBinTcp.LOGIN_REQUEST, in.read());
        in.readNBytes(length - 1);
    }

    private void hello(final EpochHistory epochs, final long journalEnd) throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int length = ReplicationMessages.hello(buffer, 0, journalEnd, "SESSION001", epochs);
        unsequenced(buffer, length);
    }

    private void decided(final long sequence) throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        unsequenced(buffer, ReplicationMessages.sequenceMessage(buffer, 0, ReplicationMessages.DECIDED, sequence));
    }

    private void unsequenced(final UnsafeBuffer message, final int length) throws IOException
    {
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[length + SoupBinTcp.HEADER_SIZE]);
        PacketWriter.data(packet, 0, SoupBinTcp.UNSEQUENCED_DATA, message, 0, length);
        primary.getOutputStream().write(packet.byteArray());
    }

    private static byte[] packet(final byte type, final byte[] message)
    {
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[message.length + SoupBinTcp.HEADER_SIZE]);
        PacketWriter.data(packet, 0, type, new UnsafeBuffer(message), 0, message.length);
        return packet.byteArray();
    }

    private void send(final byte[] record) throws IOException
    {
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[record.length + SoupBinTcp.HEADER_SIZE]);
        PacketWriter.data(packet, 0, SoupBinTcp.SEQUENCED_DATA, new UnsafeBuffer(record), 0, record.length);
        final OutputStream out = primary.getOutputStream();
        out.write(packet.byteArray());
        out.flush();
    }

    /** A wire record holding an OPEN_ACCOUNT command. */
    private static byte[] record(final long sequence, final long accountId)
    {
        final ByteBuffer payload = ByteBuffer.allocate(9).order(ReplicationMessages.ORDER);
        payload.put(0, (byte)2).putLong(1, accountId);
        return wire(sequence, payload);
    }

    /** A wire record holding a SKIP_COMMAND naming {@code skipped}. */
    private static byte[] skip(final long sequence, final long skipped)
    {
        final ByteBuffer payload = ByteBuffer.allocate(9).order(ReplicationMessages.ORDER);
        payload.put(0, (byte)18).putLong(1, skipped);
        return wire(sequence, payload);
    }

    private static byte[] wire(final long sequence, final ByteBuffer payload)
    {
        final ByteBuffer memory = ByteBuffer.allocateDirect(128);
        final UnsafeBuffer view = new UnsafeBuffer(memory);
        final int length = new WireRecord(memory, view).write(0, sequence, 1_000 + sequence, 7, payload, 0,
            payload.capacity());
        final byte[] bytes = new byte[length];
        view.getBytes(0, bytes);
        return bytes;
    }

    private void awaitLinkLost(final String reason)
    {
        awaitTrue(() -> replica.lostLinks(reason));
    }

    private static void awaitTrue(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("not met within 20 s");
            }
            Thread.yield();
        }
    }

    /** A standby's engine that records what it is handed. */
    private final class RecordingReplica implements ReplicationClient.Replica
    {
        final List<String> offers = new CopyOnWriteArrayList<>();
        final AtomicInteger refusals = new AtomicInteger();
        volatile EpochHistory epochs = EpochHistory.initial();
        /** An engine whose ring has no room: every offer refused. */
        volatile boolean full;

        boolean lostLinks(final String reason)
        {
            final String last = client == null ? null : client.lastLinkFailure();
            return last != null && last.contains(reason);
        }

        @Override
        public EpochHistory epochs()
        {
            return epochs;
        }

        @Override
        public long durableSequence()
        {
            return 0;
        }

        @Override
        public boolean offer(final long sequence, final long timestamp, final long origin, final DirectBuffer payload,
            final int offset, final int length, final ReplicationClient.Decision decision)
        {
            if (full)
            {
                refusals.incrementAndGet();
                return false;
            }
            offers.add(sequence + " " + decision);
            return true;
        }

        @Override
        public void adoptSession(final String sessionId)
        {
        }
    }
}
