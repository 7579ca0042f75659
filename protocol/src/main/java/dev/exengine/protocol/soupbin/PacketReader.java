package dev.exengine.protocol.soupbin;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Cuts the bytes received on one connection into SoupBinTCP packets. Owns the receive buffer: the caller reads from
 * the socket into {@link #receiveBuffer()} and then calls {@link #dispatch}. A packet is handed over only when it is
 * complete, so truncated frames simply wait for more bytes. Allocates nothing after construction.
 */
public final class PacketReader
{
    /** {@link #dispatch} result: the framing is broken (length 0 or above the maximum); the connection must end. */
    public static final int FRAMING_ERROR = -1;

    private final ByteBuffer receive;
    private final UnsafeBuffer view;
    private final int maxPacketLength;

    /**
     * @param maxPacketLength the largest length field accepted (type byte + payload), at most 65535.
     */
    public PacketReader(final int maxPacketLength)
    {
        if (maxPacketLength < 1 || maxPacketLength > SoupBinTcp.MAX_PACKET_LENGTH)
        {
            throw new IllegalArgumentException("maxPacketLength " + maxPacketLength + " outside [1, 65535]");
        }
        this.maxPacketLength = maxPacketLength;
        // Room for one whole packet of the maximum size plus the next packet's start.
        this.receive = ByteBuffer.allocateDirect(2 * (maxPacketLength + SoupBinTcp.LENGTH_FIELD_SIZE))
            .order(ByteOrder.BIG_ENDIAN);
        this.view = new UnsafeBuffer(receive);
    }

    /** Read from the socket into this buffer (it is in write mode between calls). */
    public ByteBuffer receiveBuffer()
    {
        return receive;
    }

    /** @return bytes received and not yet handed over. */
    public int pending()
    {
        return receive.position();
    }

    /**
     * Hands every complete packet to the handler until it asks to stop, then keeps the rest for later.
     *
     * @return the number of packets handed over, or {@link #FRAMING_ERROR}.
     */
    public int dispatch(final PacketHandler handler)
    {
        final int end = receive.position();
        int offset = 0;
        int packets = 0;
        int result = 0;
        while (end - offset >= SoupBinTcp.LENGTH_FIELD_SIZE)
        {
            final int length = view.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (length == 0 || length > maxPacketLength)
            {
                result = FRAMING_ERROR;
                break;
            }
            if (end - offset - SoupBinTcp.LENGTH_FIELD_SIZE < length)
            {
                break;
            }
            final byte type = view.getByte(offset + SoupBinTcp.LENGTH_FIELD_SIZE);
            final boolean goOn = handler.onPacket(type, view, offset + SoupBinTcp.HEADER_SIZE, length - 1);
            offset += SoupBinTcp.LENGTH_FIELD_SIZE + length;
            packets++;
            if (!goOn)
            {
                break;
            }
        }
        compact(offset, end);
        return result == FRAMING_ERROR ? FRAMING_ERROR : packets;
    }

    /** Forgets whatever is buffered (a new connection starts clean). */
    public void clear()
    {
        receive.clear();
    }

    private void compact(final int consumed, final int end)
    {
        if (consumed == 0)
        {
            return;
        }
        final int remaining = end - consumed;
        if (remaining > 0)
        {
            view.putBytes(0, view, consumed, remaining);
        }
        receive.position(remaining);
    }
}
