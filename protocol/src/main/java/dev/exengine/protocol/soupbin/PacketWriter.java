package dev.exengine.protocol.soupbin;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.exengine.protocol.soupbin.SoupBinTcp.*;

/**
 * Writes whole SoupBinTCP packets (header and payload) into a buffer. Each method returns the number of bytes written.
 * Stateless; allocates nothing.
 */
public final class PacketWriter
{
    private PacketWriter()
    {
    }

    /** Writes a header for a packet whose payload the caller puts at {@code offset + HEADER_SIZE}. */
    public static int header(final MutableDirectBuffer buffer, final int offset, final byte type, final int payloadLength)
    {
        final int length = payloadLength + 1;
        if (length > MAX_PACKET_LENGTH)
        {
            throw new IllegalArgumentException("payload of " + payloadLength + " bytes does not fit a packet");
        }
        buffer.putShort(offset, (short)length, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + LENGTH_FIELD_SIZE, type);
        return HEADER_SIZE;
    }

    /** A packet without payload: heartbeats, End of Session, Logout Request. */
    public static int empty(final MutableDirectBuffer buffer, final int offset, final byte type)
    {
        return header(buffer, offset, type, 0);
    }

    /** Sequenced Data, Unsequenced Data or Debug carrying {@code length} bytes of {@code src}. */
    public static int data(
        final MutableDirectBuffer buffer, final int offset, final byte type, final DirectBuffer src, final int srcOffset,
        final int length)
    {
        header(buffer, offset, type, length);
        buffer.putBytes(offset + HEADER_SIZE, src, srcOffset, length);
        return HEADER_SIZE + length;
    }

    public static int loginAccepted(
        final MutableDirectBuffer buffer, final int offset, final CharSequence session, final long sequenceNumber)
    {
        header(buffer, offset, LOGIN_ACCEPTED, LOGIN_ACCEPTED_LENGTH);
        putAlpha(buffer, offset + HEADER_SIZE, SESSION_LENGTH, session);
        putNumeric(buffer, offset + HEADER_SIZE + SESSION_LENGTH, SEQUENCE_NUMBER_LENGTH, sequenceNumber);
        return HEADER_SIZE + LOGIN_ACCEPTED_LENGTH;
    }

    public static int loginRejected(final MutableDirectBuffer buffer, final int offset, final byte reason)
    {
        header(buffer, offset, LOGIN_REJECTED, LOGIN_REJECTED_LENGTH);
        buffer.putByte(offset + HEADER_SIZE, reason);
        return HEADER_SIZE + LOGIN_REJECTED_LENGTH;
    }

    public static int loginRequest(final MutableDirectBuffer buffer, final int offset, final LoginRequest request)
    {
        final int length = request.encode(buffer, offset + HEADER_SIZE);
        header(buffer, offset, LOGIN_REQUEST, length);
        return HEADER_SIZE + length;
    }
}
