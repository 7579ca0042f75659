package dev.exengine.gateway.feed;

import dev.exengine.protocol.feed.FeedBooks;
import dev.exengine.protocol.feed.FeedEncoder;
import dev.exengine.protocol.feed.MarketBook;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The conflated price-level view, for readers that want depth and cannot, or need not, follow every order: per
 * instrument, one PriceLevels packet holding its best levels, made again at most once a period and only when the feed
 * touched the instrument, and a version that counts how often. Each price-level subscriber is sent, per instrument,
 * the latest packet when its version is newer than what it has and its send buffer has room; when it has no room the
 * packet waits, and a newer one replaces it: latest state wins, so a slow reader costs nothing but its send buffer.
 * Owned by the market-data thread; allocates only for a new instrument.
 */
final class PriceLevelsView
{
    private final int levels;
    private final FeedEncoder encoder = new FeedEncoder();
    private final UnsafeBuffer message;
    private final List<Slot> slots = new ArrayList<>();
    private final Int2ObjectHashMap<Slot> byInstrument = new Int2ObjectHashMap<>();
    private boolean dirty;

    PriceLevelsView(final int levels)
    {
        this.levels = levels;
        this.message = new UnsafeBuffer(new byte[FeedEncoder.priceLevelsLength(levels)]);
    }

    /** The feed changed the instrument's book (or added it). */
    void touched(final int instrumentId)
    {
        Slot slot = byInstrument.get(instrumentId);
        if (slot == null)
        {
            slot = new Slot(instrumentId, SoupBinTcp.HEADER_SIZE + FeedEncoder.priceLevelsLength(levels));
            slots.add(slot);
            byInstrument.put(instrumentId, slot);
        }
        slot.dirty = true;
        dirty = true;
    }

    /**
     * Makes the packets of the instruments touched since the last time, from the books after feed message
     * {@code feedSequence}.
     */
    void publish(final FeedBooks books, final long feedSequence, final long timestamp)
    {
        if (!dirty)
        {
            return;
        }
        dirty = false;
        for (int i = 0; i < slots.size(); i++)
        {
            final Slot slot = slots.get(i);
            if (slot.dirty)
            {
                slot.dirty = false;
                final MarketBook book = books.book(slot.instrumentId);
                final int length = encoder.priceLevels(message, 0, feedSequence, timestamp, book, levels);
                slot.length = PacketWriter.data(slot.packet, 0, SoupBinTcp.UNSEQUENCED_DATA, message, 0, length);
                slot.version++;
            }
        }
    }

    /**
     * Queues for the subscriber every instrument's latest packet it lacks, as far as its send buffer has room.
     *
     * @return how many were queued.
     */
    int offer(final Subscriber subscriber, final long nowMillis)
    {
        int sent = 0;
        for (int i = 0; i < slots.size(); i++)
        {
            final Slot slot = slots.get(i);
            if (slot.version > subscriber.levelsSent(i) &&
                subscriber.connection().offerFramed(slot.packet, 0, slot.length, nowMillis))
            {
                subscriber.levelsSent(i, slot.version);
                sent++;
            }
        }
        return sent;
    }

    /** One instrument's latest PriceLevels packet. */
    private static final class Slot
    {
        final int instrumentId;
        final UnsafeBuffer packet;
        int length;
        long version;
        boolean dirty;

        Slot(final int instrumentId, final int capacity)
        {
            this.instrumentId = instrumentId;
            this.packet = new UnsafeBuffer(new byte[capacity]);
        }
    }
}
