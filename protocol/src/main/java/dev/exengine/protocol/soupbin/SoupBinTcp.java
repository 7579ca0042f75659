package dev.exengine.protocol.soupbin;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Constants and field helpers of SoupBinTCP 3.00 (with the 4.x login's optional heartbeat timeout): every packet is a
 * 2-byte big-endian length (type byte + payload), a 1-byte type and the payload. Text fields are ASCII padded with
 * spaces: alpha fields left-justified, numeric fields right-justified. Allocates nothing.
 */
public final class SoupBinTcp
{
    /** Bytes of the length prefix. */
    public static final int LENGTH_FIELD_SIZE = 2;
    /** Bytes before the payload: the length prefix and the type. */
    public static final int HEADER_SIZE = 3;

    public static final byte DEBUG = '+';
    public static final byte LOGIN_ACCEPTED = 'A';
    public static final byte LOGIN_REJECTED = 'J';
    public static final byte SEQUENCED_DATA = 'S';
    public static final byte SERVER_HEARTBEAT = 'H';
    public static final byte END_OF_SESSION = 'Z';
    public static final byte LOGIN_REQUEST = 'L';
    public static final byte UNSEQUENCED_DATA = 'U';
    public static final byte CLIENT_HEARTBEAT = 'R';
    public static final byte LOGOUT_REQUEST = 'O';

    /** Login Rejected reason: bad username or password. */
    public static final byte REJECT_NOT_AUTHORIZED = 'A';
    /** Login Rejected reason: the requested session is not this server's. */
    public static final byte REJECT_SESSION_NOT_AVAILABLE = 'S';

    public static final int USERNAME_LENGTH = 6;
    public static final int PASSWORD_LENGTH = 10;
    public static final int SESSION_LENGTH = 10;
    public static final int SEQUENCE_NUMBER_LENGTH = 20;
    /** The 4.x login's optional trailing field: requested heartbeat timeout in milliseconds. */
    public static final int HEARTBEAT_TIMEOUT_LENGTH = 5;

    /** Payload of the 3.00 Login Request. */
    public static final int LOGIN_REQUEST_LENGTH = USERNAME_LENGTH + PASSWORD_LENGTH + SESSION_LENGTH +
        SEQUENCE_NUMBER_LENGTH;
    /** Payload of the 4.x Login Request. */
    public static final int LOGIN_REQUEST_V4_LENGTH = LOGIN_REQUEST_LENGTH + HEARTBEAT_TIMEOUT_LENGTH;
    public static final int LOGIN_ACCEPTED_LENGTH = SESSION_LENGTH + SEQUENCE_NUMBER_LENGTH;
    public static final int LOGIN_REJECTED_LENGTH = 1;

    /** The largest value the 2-byte length can carry. */
    public static final int MAX_PACKET_LENGTH = 0xFFFF;

    private static final byte SPACE = ' ';

    private SoupBinTcp()
    {
    }

    /**
     * Writes {@code value} left-justified and right-padded with spaces; longer values are cut at {@code length}.
     */
    public static void putAlpha(final MutableDirectBuffer buffer, final int offset, final int length,
        final CharSequence value)
    {
        final int n = Math.min(length, value.length());
        for (int i = 0; i < n; i++)
        {
            buffer.putByte(offset + i, (byte)value.charAt(i));
        }
        for (int i = n; i < length; i++)
        {
            buffer.putByte(offset + i, SPACE);
        }
    }

    /**
     * Writes a non-negative number right-justified and left-padded with spaces.
     *
     * @throws IllegalArgumentException when it is negative or has more digits than the field.
     */
    public static void putNumeric(final MutableDirectBuffer buffer, final int offset, final int length, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException("negative numeric field: " + value);
        }
        long rest = value;
        int i = offset + length - 1;
        do
        {
            if (i < offset)
            {
                throw new IllegalArgumentException(value + " does not fit in " + length + " digits");
            }
            buffer.putByte(i--, (byte)('0' + rest % 10));
            rest /= 10;
        }
        while (rest != 0);
        while (i >= offset)
        {
            buffer.putByte(i--, SPACE);
        }
    }

    /**
     * Reads a numeric field: digits with optional spaces around them (clients pad either way in practice), leading
     * zeros allowed (a zero-padded 20-digit sequence number is a common form). A number beyond a long reads as
     * {@link Long#MAX_VALUE}: a 20-digit field holds more than a long, and such a sequence number is past any end.
     *
     * @return the value, or -1 when the field holds anything else or no digit at all.
     */
    public static long getNumeric(final DirectBuffer buffer, final int offset, final int length)
    {
        final int start = firstNonSpace(buffer, offset, offset + length);
        final int end = afterLastNonSpace(buffer, start, offset + length);
        if (start == end)
        {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            if (b < '0' || b > '9')
            {
                return -1;
            }
            final int digit = b - '0';
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
        }
        return value;
    }

    /** @return true when the field holds only spaces. */
    public static boolean isBlank(final DirectBuffer buffer, final int offset, final int length)
    {
        return firstNonSpace(buffer, offset, offset + length) == offset + length;
    }

    /**
     * Reads an alpha field without its padding (spaces on either side are dropped). Allocates: login path only.
     */
    public static String getAlpha(final DirectBuffer buffer, final int offset, final int length)
    {
        final int start = firstNonSpace(buffer, offset, offset + length);
        final int end = afterLastNonSpace(buffer, start, offset + length);
        final StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++)
        {
            sb.append((char)(buffer.getByte(i) & 0xFF));
        }
        return sb.toString();
    }

    /** @return the index of the first byte in [from, to) that is not a space, or {@code to}. */
    private static int firstNonSpace(final DirectBuffer buffer, final int from, final int to)
    {
        int start = from;
        while (start < to && buffer.getByte(start) == SPACE)
        {
            start++;
        }
        return start;
    }

    /** @return the index just after the last byte in [from, to) that is not a space, or {@code from}. */
    private static int afterLastNonSpace(final DirectBuffer buffer, final int from, final int to)
    {
        int end = to;
        while (end > from && buffer.getByte(end - 1) == SPACE)
        {
            end--;
        }
        return end;
    }
}
