package dev.exengine.replication;

import dev.exengine.journal.JournalRecordDescriptor;
import dev.exengine.replay.EpochHistory;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The replication protocol over SoupBinTCP. A peer logs in with the replication credential (the Login Request's
 * requested sequence number is the first journal sequence a standby wants). A standby then receives each journal
 * record as one Sequenced Data packet, so that the SoupBinTCP sequence number is the journal sequence; everything
 * else is an Unsequenced Data packet whose first byte says what it is, fields little-endian:
 * <pre>
 *  standby  -> primary  IDENTIFY  'I' epoch:long durable:long received:long    my epoch, where my journal is durable,
 *                                                                             the last record I took (ship after it)
 *  primary  -> standby  HELLO     'H' journalEnd:long session:10 ascii         my journal's end, the gateway's session
 *                                     epochs:int (epoch:long start:long)*     and my epochs
 *  primary  -> standby  DECIDED   'D' sequence:long                            every command through it is decided
 *  standby  -> primary  ACK       'K' sequence:long                            my journal is durable through it
 *  operator -> node     STATUS    'Q'                                          what is your state?
 *  operator -> node     PROMOTE   'P'                                          become primary
 *  node     -> operator STATE     'S' role:byte epoch:long journalEnd:long     the answer to both
 *                                     decided:long standbyAcked:long lagNanos:long text:utf8*
 *  either   -> other    REFUSED   'X' reason:utf8*                             then the connection closes
 * </pre>
 * A record on the wire is the record as both journals hold it ({@link JournalRecordDescriptor}, version 2): its CRC
 * travels with it and is checked before the standby journals it.
 */
public final class ReplicationMessages
{
    public static final byte IDENTIFY = 'I';
    public static final byte HELLO = 'H';
    public static final byte DECIDED = 'D';
    public static final byte ACK = 'K';
    public static final byte STATUS = 'Q';
    public static final byte PROMOTE = 'P';
    public static final byte STATE = 'S';
    public static final byte REFUSED = 'X';

    /** The role byte of a STATE message. */
    public static final byte ROLE_PRIMARY = 'P';
    public static final byte ROLE_STANDBY = 'S';
    public static final byte ROLE_FENCED = 'F';

    public static final int IDENTIFY_LENGTH = 1 + 3 * Long.BYTES;
    public static final int SEQUENCE_MESSAGE_LENGTH = 1 + Long.BYTES;
    public static final int SESSION_LENGTH = 10;

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private ReplicationMessages()
    {
    }

    /** DECIDED or ACK: a type and a journal sequence. */
    static int sequenceMessage(final MutableDirectBuffer buffer, final int offset, final byte type, final long sequence)
    {
        buffer.putByte(offset, type);
        buffer.putLong(offset + 1, sequence, ORDER);
        return SEQUENCE_MESSAGE_LENGTH;
    }

    static long sequenceOf(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 1, ORDER);
    }

    static int identify(
        final MutableDirectBuffer buffer, final int offset, final long epoch, final long durable, final long received)
    {
        buffer.putByte(offset, IDENTIFY);
        buffer.putLong(offset + 1, epoch, ORDER);
        buffer.putLong(offset + 1 + Long.BYTES, durable, ORDER);
        buffer.putLong(offset + 1 + 2 * Long.BYTES, received, ORDER);
        return IDENTIFY_LENGTH;
    }

    static int hello(
        final MutableDirectBuffer buffer, final int offset, final long journalEnd, final String session,
        final EpochHistory epochs)
    {
        int position = offset;
        buffer.putByte(position++, HELLO);
        buffer.putLong(position, journalEnd, ORDER);
        position += Long.BYTES;
        putAscii(buffer, position, SESSION_LENGTH, session);
        position += SESSION_LENGTH;
        buffer.putInt(position, epochs.epochs().size(), ORDER);
        position += Integer.BYTES;
        for (final EpochHistory.Epoch epoch : epochs.epochs())
        {
            buffer.putLong(position, epoch.epoch(), ORDER);
            buffer.putLong(position + Long.BYTES, epoch.startSequence(), ORDER);
            position += 2 * Long.BYTES;
        }
        return position - offset;
    }

    /** What a HELLO says. */
    record Hello(long journalEnd, String session, EpochHistory epochs)
    {
    }

    /** @throws IllegalArgumentException when the bytes are not a HELLO. */
    static Hello readHello(final DirectBuffer buffer, final int offset, final int length)
    {
        final int fixed = 1 + Long.BYTES + SESSION_LENGTH + Integer.BYTES;
        if (length < fixed || buffer.getByte(offset) != HELLO)
        {
            throw new IllegalArgumentException("not a HELLO message");
        }
        final long journalEnd = buffer.getLong(offset + 1, ORDER);
        final String session = getAscii(buffer, offset + 1 + Long.BYTES, SESSION_LENGTH);
        final int count = buffer.getInt(offset + 1 + Long.BYTES + SESSION_LENGTH, ORDER);
        if (count < 1 || length != fixed + count * 2 * Long.BYTES)
        {
            throw new IllegalArgumentException("a HELLO of " + length + " bytes cannot hold " + count + " epochs");
        }
        final List<EpochHistory.Epoch> epochs = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final int at = offset + fixed + i * 2 * Long.BYTES;
            epochs.add(new EpochHistory.Epoch(buffer.getLong(at, ORDER), buffer.getLong(at + Long.BYTES, ORDER)));
        }
        return new Hello(journalEnd, session, EpochHistory.of(epochs));
    }

    /** What a node says of itself in a STATE message. */
    public record State(
        byte role, long epoch, long journalEnd, long decided, long standbyAcked, long lagNanos, String detail)
    {
        public String roleName()
        {
            return role == ROLE_PRIMARY ? "primary" : role == ROLE_STANDBY ? "standby" : "fenced";
        }

        @Override
        public String toString()
        {
            return roleName() + " epoch " + epoch + ", journal end " + journalEnd + ", decided " + decided +
                ", standby acknowledged " + standbyAcked + ", lag " + lagNanos / 1_000 + " us" +
                (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    static int state(final MutableDirectBuffer buffer, final int offset, final State state)
    {
        int position = offset;
        buffer.putByte(position++, STATE);
        buffer.putByte(position++, state.role());
        for (final long value : new long[] {state.epoch(), state.journalEnd(), state.decided(), state.standbyAcked(),
            state.lagNanos()})
        {
            buffer.putLong(position, value, ORDER);
            position += Long.BYTES;
        }
        final byte[] text = state.detail().getBytes(StandardCharsets.UTF_8);
        buffer.putBytes(position, text, 0, Math.min(text.length, 1024));
        return position + Math.min(text.length, 1024) - offset;
    }

    static State readState(final DirectBuffer buffer, final int offset, final int length)
    {
        final int fixed = 2 + 5 * Long.BYTES;
        if (length < fixed || buffer.getByte(offset) != STATE)
        {
            throw new IllegalArgumentException("not a STATE message");
        }
        final long[] values = new long[5];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = buffer.getLong(offset + 2 + i * Long.BYTES, ORDER);
        }
        final byte[] text = new byte[length - fixed];
        buffer.getBytes(offset + fixed, text);
        return new State(buffer.getByte(offset + 1), values[0], values[1], values[2], values[3], values[4],
            new String(text, StandardCharsets.UTF_8));
    }

    static int refused(final MutableDirectBuffer buffer, final int offset, final String reason)
    {
        buffer.putByte(offset, REFUSED);
        final byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        final int length = Math.min(text.length, 2048);
        buffer.putBytes(offset + 1, text, 0, length);
        return 1 + length;
    }

    static String reasonOf(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] text = new byte[length - 1];
        buffer.getBytes(offset + 1, text);
        return new String(text, StandardCharsets.UTF_8);
    }

    private static void putAscii(final MutableDirectBuffer buffer, final int offset, final int length, final String text)
    {
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(offset + i, i < text.length() ? (byte)text.charAt(i) : (byte)' ');
        }
    }

    private static String getAscii(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.US_ASCII).trim();
    }
}
