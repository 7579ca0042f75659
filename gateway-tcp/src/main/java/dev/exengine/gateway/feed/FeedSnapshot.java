package dev.exengine.gateway.feed;

import dev.exengine.protocol.feed.FeedBooks;
import dev.exengine.protocol.feed.FeedEncoder;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * A snapshot of every book, consistent to one feed message, framed once as the SoupBinTCP Unsequenced Data packets
 * that carry it, and shared by every subscriber that joins while it is current: each copies it into its send buffer
 * as room comes, whole packets at a time ({@link #wholePackets}), then follows the feed from the message after it. Immutable once made;
 * making one allocates (it is the size of the books), sending it does not.
 */
final class FeedSnapshot
{
    private final long feedSequence;
    private final long madeAtMillis;
    private final ExpandableArrayBuffer packets;
    private final int length;

    private FeedSnapshot(
        final long feedSequence, final long madeAtMillis, final ExpandableArrayBuffer packets, final int length)
    {
        this.feedSequence = feedSequence;
        this.madeAtMillis = madeAtMillis;
        this.packets = packets;
        this.length = length;
    }

    /**
     * @param feedSequence the last feed message the books include.
     */
    static FeedSnapshot of(
        final FeedBooks books, final long feedSequence, final long journalSequence, final long timestamp,
        final FeedEncoder encoder, final long nowMillis)
    {
        final ExpandableArrayBuffer packets = new ExpandableArrayBuffer(4096);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[FeedEncoder.MAX_MESSAGE_LENGTH]);
        final int[] end = {0};
        books.writeSnapshot(feedSequence, journalSequence, timestamp, encoder, scratch,
            (buffer, offset, messageLength) -> end[0] += PacketWriter.data(packets, end[0],
                SoupBinTcp.UNSEQUENCED_DATA, buffer, offset, messageLength));
        return new FeedSnapshot(feedSequence, nowMillis, packets, end[0]);
    }

    /** The last feed message the snapshot includes: a subscriber goes on at the next. */
    long feedSequence()
    {
        return feedSequence;
    }

    long madeAtMillis()
    {
        return madeAtMillis;
    }

    /** The packets' bytes: {@link #length()} of them. */
    DirectBuffer packets()
    {
        return packets;
    }

    int length()
    {
        return length;
    }

    /**
     * @return how many bytes of whole packets from {@code position} fit in {@code room}.
     */
    int wholePackets(final int position, final int room)
    {
        int end = position;
        while (end < length)
        {
            final int packet = SoupBinTcp.LENGTH_FIELD_SIZE + (packets.getShort(end, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            if (end + packet - position > room)
            {
                break;
            }
            end += packet;
        }
        return end - position;
    }
}
