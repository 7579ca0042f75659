package dev.exengine.core.book;

import dev.exengine.core.command.Side;
import dev.exengine.core.math.Divisor;

import java.util.Arrays;

/**
 * The price levels of one side and, in each, its resting orders oldest first (an intrusive FIFO through
 * {@link Order#next()}). Levels are compared by a key, the price in ticks for bids and its negation for asks, so that
 * the best level has the highest key on both sides and neighbouring prices have neighbouring keys, whatever the
 * instrument's tick size (in prices, the ladder's window would cover 2,048 / tick size ticks).
 *
 * <p>A level is not an object but a position in two arrays: {@code levels}, three longs per level (the key, the total
 * remaining quantity and the number of orders), and {@code ends}, two references per level (the oldest and the newest
 * order). The first {@link #LADDER_SLOTS} positions are a price-indexed ladder over a window of as many consecutive
 * keys from {@code low}: a key's level is at the slot {@code key mod LADDER_SLOTS}, found without a search, and a
 * bitmap of the occupied slots finds the next level down from the best. A replace moves an order by a tick, so both
 * of its levels are found at once, and usually in the same cache lines. Levels below the window (a sparse book, or
 * orders far from the best) follow the ladder in key order, best last, and are found by a binary search.
 * When a level comes above the window, the window moves up and the levels it leaves go to the end of that sorted
 * part; when the ladder empties, the best levels of the sorted part come back into it.
 * Allocates nothing after warm-up (the sorted part grows with the number of levels below the window).
 */
public final class BookSide
{
    /** Level handle meaning none: {@link #nextLevel} after the worst level, {@link #bestLevel} of an empty side. */
    public static final int NO_LEVEL = -1;
    /**
     * Keys in the ladder's window: a power of two and a multiple of 64 (the bitmap's words). Wide enough for the levels
     * a busy book keeps around its best: in the benchmarks' flow (passive orders within 300 ticks of the mid, moved a
     * tick at a time), a window of 512 left the levels a few hundred ticks down in the sorted part, where every replace
     * there paid two binary searches; 2,048 (1,536 ticks below the best) takes them all, and one instrument went from
     * about 9.7 to 12M commands/s (BENCHMARKS.md, 2026-12-07 04:39). 4,096 gained nothing more. A side's arrays take
     * about 68 KB.
     */
    private static final int LADDER_SLOTS = 2048;
    private static final int SLOT_MASK = LADDER_SLOTS - 1;
    /** Where the window puts a key it is anchored at: a quarter of it above, for the best to improve into. */
    private static final int ANCHOR_OFFSET = LADDER_SLOTS - LADDER_SLOTS / 4;
    private static final long NO_KEY = Long.MIN_VALUE;
    private static final int LEVEL_LONGS = 3;
    private static final int QUANTITY = 1;
    private static final int ORDER_COUNT = 2;
    private static final int INITIAL_SORTED_CAPACITY = 64;

    private final Side side;
    /**
     * The instrument's tick size is {@code odd << tickShift}: key = price / tick size, negated for asks, computed as
     * {@code (price >> tickShift) * keyFactor}, where {@code keyFactor} is the inverse of the odd part modulo 2^64
     * (the exact quotient of a multiple: {@link Divisor#exactQuotient}), negated for asks; and price = key *
     * {@code priceFactor}, the tick size, negated for asks: no division for any tick size. For tick size 1 the key is
     * the price itself, or its negation, without the multiplication (which cost the one-instrument comparison 3 %).
     */
    private final int tickShift;
    private final long keyFactor;
    private final long priceFactor;
    /** Tick size 1, the usual: a key is the price, or its negation, as cheap as it can be. */
    private final boolean unitTick;
    /** The lowest key an order of this side can have: keeps the window's arithmetic within a long. */
    private final long minKey;
    private final long[] occupied = new long[LADDER_SLOTS / Long.SIZE];
    private long[] levels = new long[(LADDER_SLOTS + INITIAL_SORTED_CAPACITY) * LEVEL_LONGS];
    private Order[] ends = new Order[(LADDER_SLOTS + INITIAL_SORTED_CAPACITY) * 2];
    /** The lowest key of the window; every level below it is in the sorted part. */
    private long low;
    /** The highest key in the ladder, when it has a level. */
    private long bestKey;
    private int ladderCount;
    /** Levels below the window, at positions LADDER_SLOTS onwards. Never any while the ladder is empty. */
    private int sortedCount;
    /** Sum of the remaining quantities of every resting order of this side: of every level's total. */
    private long restingQuantity;

    BookSide(final Side side, final Divisor ticks)
    {
        this.side = side;
        final long tickSize = ticks.divisor();
        this.tickShift = Long.numberOfTrailingZeros(tickSize);
        // 2^tickShift / tick size, exactly: the inverse of the odd part modulo 2^64.
        final long oddInverse = ticks.exactQuotient(1L << tickShift);
        this.keyFactor = side == Side.BUY ? oddInverse : -oddInverse;
        this.priceFactor = side == Side.BUY ? tickSize : -tickSize;
        this.unitTick = tickSize == 1;
        this.minKey = side == Side.BUY ? 1 : -Long.MAX_VALUE;
    }

    public Side side()
    {
        return side;
    }

    public int levelCount()
    {
        return ladderCount + sortedCount;
    }

    /**
     * The remaining quantity resting on this side, over every level. The risk checks keep it within a long, so that
     * no level's total (at most this) can overflow either.
     */
    public long restingQuantity()
    {
        return restingQuantity;
    }

    /** The best price; only when the side has levels. */
    public long bestPrice()
    {
        return priceOf(bestKey);
    }

    /** The oldest order at the best price, first to match, or null when the side is empty. */
    public Order bestHead()
    {
        return ladderCount == 0 ? null : ends[2 * slot(bestKey)];
    }

    /** The best level, or {@link #NO_LEVEL}; a handle valid until the side next changes. */
    public int bestLevel()
    {
        return ladderCount == 0 ? NO_LEVEL : slot(bestKey);
    }

    /** The level next worse than this one, or {@link #NO_LEVEL}. */
    public int nextLevel(final int level)
    {
        if (level < LADDER_SLOTS)
        {
            final long key = lowerKey(keyAt(level));
            if (key != NO_KEY)
            {
                return slot(key);
            }
            return sortedCount > 0 ? LADDER_SLOTS + sortedCount - 1 : NO_LEVEL;
        }
        return level > LADDER_SLOTS ? level - 1 : NO_LEVEL;
    }

    public long price(final int level)
    {
        return priceOf(keyAt(level));
    }

    /** The total remaining quantity of a level. */
    public long quantity(final int level)
    {
        return levels[LEVEL_LONGS * level + QUANTITY];
    }

    /** The number of orders of a level. */
    public int orderCount(final int level)
    {
        return (int)levels[LEVEL_LONGS * level + ORDER_COUNT];
    }

    /** The oldest order of a level; continue with {@link Order#next()}. */
    public Order head(final int level)
    {
        return ends[2 * level];
    }

    /** Rests an order at the back of the level of its price, which is created when the side has none. */
    void append(final Order order)
    {
        link(levelOf(key(order.price())), order);
    }

    /** Takes a resting order off its level; an emptied level goes. */
    void remove(final Order order)
    {
        final int level = indexOf(order);
        unlink(level, order);
        if (isEmpty(level))
        {
            removeLevel(level);
        }
    }

    /** Moves a resting order to the back of the level of a new price, with a new total quantity and remaining. */
    void move(final Order order, final long price, final long quantity, final long remaining)
    {
        remove(order);
        order.amend(price, quantity, remaining);
        append(order);
    }

    /** Lowers the total of a resting order's level: a fill or a decrease, by which the order keeps its place. */
    void reduce(final Order order, final long by)
    {
        levels[LEVEL_LONGS * indexOf(order) + QUANTITY] -= by;
        restingQuantity -= by;
    }

    /** The level of a resting order. */
    private int indexOf(final Order order)
    {
        final long key = key(order.price());
        return key >= low ? slot(key) : binarySearch(key);
    }

    /** The level of a key, created (empty) when the side has none. */
    private int levelOf(final long key)
    {
        if (ladderCount == 0)
        {
            low = windowBelow(key);
        }
        else if (key - low >= LADDER_SLOTS)
        {
            raiseWindow(windowBelow(key));
        }
        if (key >= low)
        {
            final int slot = slot(key);
            if (isEmpty(slot))
            {
                occupy(slot, key);
            }
            return slot;
        }
        final int index = binarySearch(key);
        return index >= 0 ? index : insertSorted(-index - 1, key);
    }

    /** The window's lowest key that puts this key at the anchor offset, within the keys the side can have. */
    private long windowBelow(final long key)
    {
        return Math.max(minKey, key - ANCHOR_OFFSET);
    }

    private void occupy(final int slot, final long key)
    {
        levels[LEVEL_LONGS * slot] = key;
        occupied[slot >>> 6] |= 1L << slot;
        if (ladderCount++ == 0 || key > bestKey)
        {
            bestKey = key;
        }
    }

    private void removeLevel(final int level)
    {
        if (level >= LADDER_SLOTS)
        {
            copyLevels(level + 1, level, LADDER_SLOTS + sortedCount - level - 1);
            sortedCount--;
            clear(LADDER_SLOTS + sortedCount);
            return;
        }
        occupied[level >>> 6] &= ~(1L << level);
        ladderCount--;
        if (ladderCount > 0)
        {
            if (keyAt(level) == bestKey)
            {
                bestKey = lowerKey(bestKey);
            }
        }
        else if (sortedCount > 0)
        {
            lowerWindow();
        }
    }

    /**
     * Moves the window up so that it starts at {@code newLow}: the ladder's levels below it go to the end of the
     * sorted part, above every level there and in key order.
     */
    private void raiseWindow(final long newLow)
    {
        for (long key = low; key < newLow && key - low < LADDER_SLOTS; key++)
        {
            final int slot = slot(key);
            if (!isEmpty(slot))
            {
                final int to = insertSorted(LADDER_SLOTS + sortedCount, key);
                copyLevels(slot, to, 1);
                clear(slot);
                occupied[slot >>> 6] &= ~(1L << slot);
                ladderCount--;
            }
        }
        low = newLow;
    }

    /** The ladder is empty: anchors the window at the best sorted level and brings every one it covers back. */
    private void lowerWindow()
    {
        bestKey = keyAt(LADDER_SLOTS + sortedCount - 1);
        low = windowBelow(bestKey);
        while (sortedCount > 0 && keyAt(LADDER_SLOTS + sortedCount - 1) >= low)
        {
            final int from = LADDER_SLOTS + --sortedCount;
            final long key = keyAt(from);
            final int slot = slot(key);
            copyLevels(from, slot, 1);
            clear(from);
            occupied[slot >>> 6] |= 1L << slot;
            ladderCount++;
        }
    }

    /** The highest key in the ladder below this one, or {@link #NO_KEY}: a scan of the bitmap's words downwards. */
    private long lowerKey(final long key)
    {
        long below = key - 1;
        while (below >= low)
        {
            final int slot = slot(below);
            final int bit = slot & 63;
            final long candidates = occupied[slot >>> 6] & (-1L >>> (63 - bit));
            if (candidates != 0)
            {
                final long found = below - (bit - (63 - Long.numberOfLeadingZeros(candidates)));
                return found >= low ? found : NO_KEY;
            }
            below -= bit + 1;
        }
        return NO_KEY;
    }

    private static int slot(final long key)
    {
        return (int)key & SLOT_MASK;
    }

    private void link(final int level, final Order order)
    {
        final int head = 2 * level;
        final Order tail = ends[head + 1];
        order.previous = tail;
        order.next = null;
        if (tail == null)
        {
            ends[head] = order;
        }
        else
        {
            tail.next = order;
        }
        ends[head + 1] = order;
        addToLevel(level, order.remaining(), 1);
        order.resting = true;
    }

    private void unlink(final int level, final Order order)
    {
        final Order previous = order.previous;
        final Order next = order.next;
        final int head = 2 * level;
        if (previous == null)
        {
            ends[head] = next;
        }
        else
        {
            previous.next = next;
        }
        if (next == null)
        {
            ends[head + 1] = previous;
        }
        else
        {
            next.previous = previous;
        }
        order.previous = null;
        order.next = null;
        order.resting = false;
        addToLevel(level, -order.remaining(), -1);
    }

    /** Adds an order's remaining quantity and one order (or, negative, takes them) to a level's totals and the side's. */
    private void addToLevel(final int level, final long quantity, final int orders)
    {
        final int at = LEVEL_LONGS * level;
        levels[at + QUANTITY] += quantity;
        levels[at + ORDER_COUNT] += orders;
        restingQuantity += quantity;
    }

    private boolean isEmpty(final int level)
    {
        return levels[LEVEL_LONGS * level + ORDER_COUNT] == 0;
    }

    private void clear(final int level)
    {
        final int at = LEVEL_LONGS * level;
        levels[at + QUANTITY] = 0;
        levels[at + ORDER_COUNT] = 0;
        ends[2 * level] = null;
        ends[2 * level + 1] = null;
    }

    /** Inserts an empty level with this key into the sorted part at a position; returns the position. */
    private int insertSorted(final int index, final long key)
    {
        final int end = LADDER_SLOTS + sortedCount;
        if (end == ends.length / 2)
        {
            levels = Arrays.copyOf(levels, 2 * LEVEL_LONGS * end);
            ends = Arrays.copyOf(ends, 4 * end);
        }
        copyLevels(index, index + 1, end - index);
        sortedCount++;
        clear(index);
        levels[LEVEL_LONGS * index] = key;
        return index;
    }

    /** Moves {@code length} levels (both arrays) from position {@code from} to {@code to}; they may overlap. */
    private void copyLevels(final int from, final int to, final int length)
    {
        System.arraycopy(levels, LEVEL_LONGS * from, levels, LEVEL_LONGS * to, LEVEL_LONGS * length);
        System.arraycopy(ends, 2 * from, ends, 2 * to, 2 * length);
    }

    private long keyAt(final int level)
    {
        return levels[LEVEL_LONGS * level];
    }

    /**
     * {@link Arrays#binarySearch(long[], int, int, long)} over the keys of the sorted part: the position of the key,
     * or -(insertion point) - 1.
     */
    private int binarySearch(final long key)
    {
        int low = LADDER_SLOTS;
        int high = LADDER_SLOTS + sortedCount - 1;
        while (low <= high)
        {
            final int middle = (low + high) >>> 1;
            final long atMiddle = keyAt(middle);
            if (atMiddle < key)
            {
                low = middle + 1;
            }
            else if (atMiddle > key)
            {
                high = middle - 1;
            }
            else
            {
                return middle;
            }
        }
        return -(low + 1);
    }

    /** The key of a price the tick size divides (every resting order's, by the risk checks). */
    private long key(final long price)
    {
        if (unitTick)
        {
            return side == Side.BUY ? price : -price;
        }
        return (price >> tickShift) * keyFactor;
    }

    private long priceOf(final long key)
    {
        if (unitTick)
        {
            return side == Side.BUY ? key : -key;
        }
        return key * priceFactor;
    }
}
