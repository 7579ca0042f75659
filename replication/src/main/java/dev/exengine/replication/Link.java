package dev.exengine.replication;

import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketHandler;
import dev.exengine.protocol.soupbin.PacketReader;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One replication connection, either end: a non-blocking socket, the SoupBinTCP packets received on it
 * ({@link PacketReader}), and a send buffer that packets are queued in and {@link #flush()} writes as far as the
 * socket takes. Owned by one thread; allocates nothing per packet.
 */
final class Link implements AutoCloseable
{
    /** Journal records are small; a packet this long holds any command record with room to spare. */
    static final int MAX_PACKET_LENGTH = 4096;

    private final SocketChannel channel;
    private final PacketReader reader = new PacketReader(MAX_PACKET_LENGTH);
    private final ByteBuffer send;
    private final UnsafeBuffer sendView;
    private final WireRecord wire;
    private long lastReceivedMillis;
    private long lastSentMillis;

    Link(final SocketChannel channel, final int sendBufferBytes, final long nowMillis)
    {
        this.channel = channel;
        this.send = ByteBuffer.allocateDirect(sendBufferBytes);
        this.sendView = new UnsafeBuffer(send);
        this.wire = new WireRecord(send, sendView);
        this.lastReceivedMillis = nowMillis;
        this.lastSentMillis = nowMillis;
    }

    SocketChannel channel()
    {
        return channel;
    }

    /** The memory packets are received into, for checking a record's CRC in place. */
    ByteBuffer receiveBuffer()
    {
        return reader.receiveBuffer();
    }

    /** Reads what arrived and hands the complete packets to the handler. @return -1 when the peer closed. */
    int receive(final PacketHandler handler, final long nowMillis) throws IOException
    {
        final int read = channel.read(reader.receiveBuffer());
        if (read < 0)
        {
            return -1;
        }
        if (read > 0)
        {
            lastReceivedMillis = nowMillis;
        }
        if (read > 0 || reader.pending() > 0)
        {
            final int packets = reader.dispatch(handler);
            if (packets == PacketReader.FRAMING_ERROR)
            {
                throw new IOException("a SoupBinTCP packet of a length no peer sends");
            }
            return packets;
        }
        return 0;
    }

    /** Hands the packets received and not yet handed on (a handler stopped) to the handler. */
    void dispatchBuffered(final PacketHandler handler) throws IOException
    {
        if (reader.pending() > 0 && reader.dispatch(handler) == PacketReader.FRAMING_ERROR)
        {
            throw new IOException("a SoupBinTCP packet of a length no peer sends");
        }
    }

    /** @return bytes of room left in the send buffer. */
    int room()
    {
        return send.remaining();
    }

    /** Queues a journal record as one Sequenced Data packet; the caller checked the room. */
    void queueRecord(
        final long sequence, final long timestamp, final long origin, final ByteBuffer payload, final int payloadOffset,
        final int payloadLength, final long nowMillis)
    {
        final int position = send.position();
        final int length = wire.write(position + SoupBinTcp.HEADER_SIZE, sequence, timestamp, origin, payload,
            payloadOffset, payloadLength);
        PacketWriter.header(sendView, position, SoupBinTcp.SEQUENCED_DATA, length);
        advance(SoupBinTcp.HEADER_SIZE + length, nowMillis);
    }

    /** Queues an Unsequenced Data packet of {@code length} bytes written at {@link #messageOffset()}. */
    void queueMessage(final int length, final long nowMillis)
    {
        PacketWriter.header(sendView, send.position(), SoupBinTcp.UNSEQUENCED_DATA, length);
        advance(SoupBinTcp.HEADER_SIZE + length, nowMillis);
    }

    /** Where the next message's payload goes, for {@link #queueMessage}. */
    int messageOffset()
    {
        return send.position() + SoupBinTcp.HEADER_SIZE;
    }

    UnsafeBuffer sendBuffer()
    {
        return sendView;
    }

    void queueEmpty(final byte type, final long nowMillis)
    {
        advance(PacketWriter.empty(sendView, send.position(), type), nowMillis);
    }

    void queueLoginRequest(final LoginRequest request, final long nowMillis)
    {
        advance(PacketWriter.loginRequest(sendView, send.position(), request), nowMillis);
    }

    void queueLoginAccepted(final String session, final long sequence, final long nowMillis)
    {
        advance(PacketWriter.loginAccepted(sendView, send.position(), session, sequence), nowMillis);
    }

    void queueLoginRejected(final byte reason, final long nowMillis)
    {
        advance(PacketWriter.loginRejected(sendView, send.position(), reason), nowMillis);
    }

    /** A heartbeat is due when nothing was sent for the interval. */
    boolean heartbeatDue(final long nowMillis, final long intervalMillis)
    {
        return nowMillis - lastSentMillis >= intervalMillis;
    }

    boolean silentFor(final long nowMillis, final long timeoutMillis)
    {
        return nowMillis - lastReceivedMillis >= timeoutMillis;
    }

    /** @return bytes queued and not written yet. */
    int pending()
    {
        return send.position();
    }

    /** Writes what the socket takes. @return true when nothing is left queued. */
    boolean flush() throws IOException
    {
        if (send.position() == 0)
        {
            return true;
        }
        send.flip();
        try
        {
            channel.write(send);
        }
        finally
        {
            send.compact();
        }
        return send.position() == 0;
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // A broken socket may fail to close; it is gone either way.
        }
    }

    private void advance(final int length, final long nowMillis)
    {
        send.position(send.position() + length);
        lastSentMillis = nowMillis;
    }
}
