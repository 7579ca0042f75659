package dev.exengine.cluster;

import java.nio.ByteOrder;

/**
 * Layout of the engine's messages in the cluster's log (after Aeron's session header), all little-endian. Every message
 * carries the sender's client id and sequence, by which the service drops what a sender resends after a failover:
 * <pre>
 *   0  byte   type ({@link #COMMAND} or {@link #SETUP})
 *   1  byte   layout version ({@link #VERSION})
 *   2  long   client id: the sender's, stable across its reconnections
 *  10  long   client sequence: 1, 2, 3... per client id
 *  18  long   origin: the session or user the command comes from (0 for the node's own)
 *  26         body
 * COMMAND body: the command as the journal stores it ({@link dev.exengine.core.command.CommandCodec}).
 * SETUP body:   10 bytes   the SoupBinTCP session id every member's gateway serves (ASCII)
 *               short      how many commands follow
 *               then each: short length, the command's bytes: the starting market
 * </pre>
 * A SETUP is what a member proposes when it starts: the first one in the log sets the session id and the market, every
 * later one changes nothing (every member proposes; the log decides).
 */
public final class IngressMessage
{
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    public static final byte COMMAND = 1;
    public static final byte SETUP = 2;
    public static final byte VERSION = 1;

    public static final int TYPE_OFFSET = 0;
    public static final int VERSION_OFFSET = TYPE_OFFSET + Byte.BYTES;
    public static final int CLIENT_ID_OFFSET = VERSION_OFFSET + Byte.BYTES;
    public static final int CLIENT_SEQUENCE_OFFSET = CLIENT_ID_OFFSET + Long.BYTES;
    public static final int ORIGIN_OFFSET = CLIENT_SEQUENCE_OFFSET + Long.BYTES;
    public static final int HEADER_LENGTH = ORIGIN_OFFSET + Long.BYTES;

    /** In a SETUP body. */
    public static final int SESSION_ID_LENGTH = 10;
    public static final int MARKET_COUNT_OFFSET = HEADER_LENGTH + SESSION_ID_LENGTH;
    public static final int MARKET_OFFSET = MARKET_COUNT_OFFSET + Short.BYTES;

    private IngressMessage()
    {
    }
}
