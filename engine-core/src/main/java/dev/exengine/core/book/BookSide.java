package dev.exengine.core.book;

import dev.exengine.core.command.Side;

import java.util.Arrays;

/**
 * The price levels of one side, sorted so that the best price is at the end: inserting or removing near the top
 * of the book shifts few elements. Levels are found by binary search over a parallel array of sort keys (the
 * price for bids, its negation for asks), which keeps the search in one cache-friendly array.
 * Allocates nothing after warm-up (the arrays grow with the number of levels).
 */
public final class BookSide
{
    private static final int INITIAL_CAPACITY = 64;

    private final Side side;
    private PriceLevel[] levels = new PriceLevel[INITIAL_CAPACITY];
    private long[] keys = new long[INITIAL_CAPACITY];
    private int count;

    BookSide(final Side side)
    {
        this.side = side;
    }

    public Side side()
    {
        return side;
    }

    public int levelCount()
    {
        return count;
    }

    /** The best level, or null when the side is empty. */
    public PriceLevel best()
    {
        return count == 0 ? null : levels[count - 1];
    }

    /** The level at a distance from the best: 0 is the best. */
    public PriceLevel levelFromBest(final int distance)
    {
        return levels[count - 1 - distance];
    }

    PriceLevel levelFor(final long price, final Pool<PriceLevel> pool)
    {
        final long key = key(price);
        final int index = Arrays.binarySearch(keys, 0, count, key);
        if (index >= 0)
        {
            return levels[index];
        }
        final int insertAt = -index - 1;
        if (count == levels.length)
        {
            levels = Arrays.copyOf(levels, count * 2);
            keys = Arrays.copyOf(keys, count * 2);
        }
        System.arraycopy(levels, insertAt, levels, insertAt + 1, count - insertAt);
        System.arraycopy(keys, insertAt, keys, insertAt + 1, count - insertAt);
        final PriceLevel level = pool.acquire();
        level.init(price);
        levels[insertAt] = level;
        keys[insertAt] = key;
        count++;
        return level;
    }

    void remove(final PriceLevel level)
    {
        final int index = Arrays.binarySearch(keys, 0, count, key(level.price()));
        System.arraycopy(levels, index + 1, levels, index, count - index - 1);
        System.arraycopy(keys, index + 1, keys, index, count - index - 1);
        count--;
        levels[count] = null;
    }

    private long key(final long price)
    {
        return side == Side.BUY ? price : -price;
    }
}
