package dev.exengine.protocol.soupbin;

import org.agrona.DirectBuffer;

/**
 * Receives the packets {@link PacketReader} frames. The buffer is only valid during the call.
 */
@FunctionalInterface
public interface PacketHandler
{
    /**
     * @return true to go on with the next packet, false to stop here (the rest stays buffered for a later call).
     */
    boolean onPacket(byte type, DirectBuffer buffer, int payloadOffset, int payloadLength);
}
