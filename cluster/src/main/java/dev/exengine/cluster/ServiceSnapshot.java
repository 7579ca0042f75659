package dev.exengine.cluster;

import dev.exengine.core.BusinessLogicProcessor;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.FragmentAssembler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.nio.charset.StandardCharsets;

/**
 * The service's snapshot in the cluster's archive: the replicated state beside the engine's own snapshot format. One
 * byte string, sent as messages of at most the publication's unfragmented payload:
 * <pre>
 *   0  int    magic "EXCS"
 *   4  short  version
 *   6  int    length of what follows the header
 *  10  long   journal sequence of the last command applied
 *  18  long   timestamp of the last command applied
 *  26  10     the gateways' SoupBinTCP session id (ASCII), zeros before the cluster's SETUP
 *  36         the client table ({@link ClientSequences})
 *      int    length of the engine's state, then the state ({@link BusinessLogicProcessor#writeSnapshot})
 *      long   the state's hash ({@link BusinessLogicProcessor#stateHashOf}), checked when it is loaded
 * </pre>
 */
final class ServiceSnapshot
{
    static final int MAGIC = 0x53435845;
    static final short VERSION = 1;
    static final int LENGTH_OFFSET = Integer.BYTES + Short.BYTES;
    static final int HEADER_LENGTH = LENGTH_OFFSET + Integer.BYTES;
    private static final int SEQUENCE_OFFSET = HEADER_LENGTH;
    private static final int TIMESTAMP_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    private static final int SESSION_OFFSET = TIMESTAMP_OFFSET + Long.BYTES;
    private static final int CLIENTS_OFFSET = SESSION_OFFSET + IngressMessage.SESSION_ID_LENGTH;
    /** Sent at most this much per message, however large the publication's payload may be. */
    private static final int MAX_CHUNK = 64 * 1024;

    /** The replicated state a snapshot holds. */
    static final class State
    {
        BusinessLogicProcessor logic;
        final ClientSequences clients = new ClientSequences();
        long lastSequence;
        long lastTimestamp;
        /** Null before the cluster's SETUP. */
        String sessionId;
    }

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 16);
    private final ExpandableArrayBuffer engineState = new ExpandableArrayBuffer(1 << 16);
    private int engineStateLength;
    private long engineStateHash;

    /**
     * Serialises the state into {@link #bytes()}; the engine's part stays in {@link #engineState()} until the next call.
     *
     * @return the length written.
     */
    int encode(final State state)
    {
        engineStateLength = state.logic.writeSnapshot(engineState, 0);
        engineStateHash = BusinessLogicProcessor.stateHashOf(engineState, 0, engineStateLength);
        buffer.putInt(0, MAGIC, IngressMessage.BYTE_ORDER);
        buffer.putShort(Integer.BYTES, VERSION, IngressMessage.BYTE_ORDER);
        buffer.putLong(SEQUENCE_OFFSET, state.lastSequence, IngressMessage.BYTE_ORDER);
        buffer.putLong(TIMESTAMP_OFFSET, state.lastTimestamp, IngressMessage.BYTE_ORDER);
        buffer.setMemory(SESSION_OFFSET, IngressMessage.SESSION_ID_LENGTH, (byte)0);
        if (state.sessionId != null)
        {
            buffer.putStringWithoutLengthAscii(SESSION_OFFSET, state.sessionId);
        }
        int position = CLIENTS_OFFSET;
        buffer.checkLimit(position + state.clients.encodedLength());
        position += state.clients.write(buffer, position);
        buffer.putInt(position, engineStateLength, IngressMessage.BYTE_ORDER);
        position += Integer.BYTES;
        buffer.putBytes(position, engineState, 0, engineStateLength);
        position += engineStateLength;
        buffer.putLong(position, engineStateHash, IngressMessage.BYTE_ORDER);
        position += Long.BYTES;
        buffer.putInt(LENGTH_OFFSET, position - HEADER_LENGTH, IngressMessage.BYTE_ORDER);
        return position;
    }

    /**
     * Offers what {@link #encode} wrote to the publication, in messages it takes unfragmented, idling while it is
     * back-pressured.
     *
     * @throws IllegalStateException when the publication is closed.
     */
    void offer(final int length, final ExclusivePublication publication, final IdleStrategy idle)
    {
        final int chunk = Math.min(MAX_CHUNK, publication.maxPayloadLength());
        for (int offset = 0; offset < length; )
        {
            final int part = Math.min(chunk, length - offset);
            final long result = publication.offer(buffer, offset, part);
            if (result > 0)
            {
                offset += part;
                idle.reset();
            }
            else if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("the snapshot publication refused the snapshot: " +
                    Publication.errorString(result));
            }
            else
            {
                idle.idle();
            }
        }
    }

    /** What {@link #encode} wrote. */
    DirectBuffer bytes()
    {
        return buffer;
    }

    long engineStateHash()
    {
        return engineStateHash;
    }

    int engineStateLength()
    {
        return engineStateLength;
    }

    /** The engine's state the last {@link #encode} serialised. */
    DirectBuffer engineState()
    {
        return engineState;
    }

    /**
     * Reads a snapshot to its end, idling while the image has nothing yet.
     *
     * @throws MemberRefusedException when it is not a whole snapshot of this format, or its state does not hash to
     *                                the hash it recorded.
     */
    static State read(final Image image, final IdleStrategy idle)
    {
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(1 << 16);
        final int[] length = new int[1];
        final FragmentHandler collect = new FragmentAssembler(
            (buffer, offset, fragmentLength, header) ->
            {
                bytes.putBytes(length[0], buffer, offset, fragmentLength);
                length[0] += fragmentLength;
            });
        while (!image.isEndOfStream())
        {
            final int fragments = image.poll(collect, 16);
            if (fragments == 0 && image.isClosed())
            {
                break;
            }
            idle.idle(fragments);
        }
        return decode(bytes, length[0]);
    }

    static State decode(final DirectBuffer bytes, final int length)
    {
        if (length < CLIENTS_OFFSET || bytes.getInt(0, IngressMessage.BYTE_ORDER) != MAGIC)
        {
            throw new MemberRefusedException("the member's cluster snapshot is not the engine's (" + length +
                " bytes, no EXCS header): the cluster directory is damaged or not this engine's");
        }
        final short version = bytes.getShort(Integer.BYTES, IngressMessage.BYTE_ORDER);
        if (version != VERSION)
        {
            throw new MemberRefusedException("the member's cluster snapshot has format version " + version + "; this " +
                "version reads " + VERSION);
        }
        final int end = HEADER_LENGTH + bytes.getInt(LENGTH_OFFSET, IngressMessage.BYTE_ORDER);
        if (end != length)
        {
            throw new MemberRefusedException("the member's cluster snapshot holds " + length + " bytes where its " +
                "header says " + end + ": it is cut short or damaged");
        }
        final State state = new State();
        state.lastSequence = bytes.getLong(SEQUENCE_OFFSET, IngressMessage.BYTE_ORDER);
        state.lastTimestamp = bytes.getLong(TIMESTAMP_OFFSET, IngressMessage.BYTE_ORDER);
        if (bytes.getByte(SESSION_OFFSET) != 0)
        {
            final byte[] session = new byte[IngressMessage.SESSION_ID_LENGTH];
            bytes.getBytes(SESSION_OFFSET, session);
            state.sessionId = new String(session, StandardCharsets.US_ASCII);
        }
        try
        {
            int position = CLIENTS_OFFSET;
            position += state.clients.read(bytes, position, end);
            final int stateLength = bytes.getInt(position, IngressMessage.BYTE_ORDER);
            position += Integer.BYTES;
            if (stateLength < 0 || position + stateLength + Long.BYTES != end)
            {
                throw new IllegalStateException("the engine's state claims " + stateLength + " bytes");
            }
            final long hash = bytes.getLong(position + stateLength, IngressMessage.BYTE_ORDER);
            if (BusinessLogicProcessor.stateHashOf(bytes, position, stateLength) != hash)
            {
                throw new IllegalStateException("the engine's state does not hash to the hash recorded with it");
            }
            state.logic = BusinessLogicProcessor.readSnapshot(bytes, position, stateLength);
            if (state.logic.stateHash() != hash)
            {
                throw new IllegalStateException("the engine's state restores to another hash than it was taken with");
            }
        }
        catch (final RuntimeException ex)
        {
            throw new MemberRefusedException("the member's cluster snapshot is damaged: " + ex.getMessage(), ex);
        }
        return state;
    }
}
