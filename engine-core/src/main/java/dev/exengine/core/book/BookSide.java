package dev.exengine.core.book;

import dev.exengine.core.command.Side;

import java.util.Arrays;

/**
 * The price levels of one side, sorted so that the best price is at the end: inserting or removing near the top
 * of the book shifts few elements. Levels are found by searching a parallel array of sort keys (the price for bids,
 * its negation for asks), which keeps the search in one cache-friendly array.
 * Allocates nothing after warm-up (the arrays grow with the number of levels).
 */
public final class BookSide
{
    private static final int INITIAL_CAPACITY = 64;

    private final Side side;
    private PriceLevel[] levels = new PriceLevel[INITIAL_CAPACITY];
    private long[] keys = new long[INITIAL_CAPACITY];
    private int count;
    /** Sum of the remaining quantities of every resting order of this side, kept by {@link OrderBook}. */
    long restingQuantity;

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

    /**
     * The remaining quantity resting on this side, over every level. The risk checks keep it within a long, so that
     * no level's total (at most this) can overflow either.
     */
    public long restingQuantity()
    {
        return restingQuantity;
    }

    /** The best level, or null when the side is empty. */
    public PriceLevel best()
    {
        return count == 0 ? null : levels[count - 1];
    }

    /** The best price, read from the keys without touching the level; only when the side has levels. */
    public long bestPrice()
    {
        // key() is its own inverse.
        return key(keys[count - 1]);
    }

    /** The level at a distance from the best: 0 is the best. */
    public PriceLevel levelFromBest(final int distance)
    {
        return levels[count - 1 - distance];
    }

    /** The level at this price, taken from the pool and inserted when the side has none. */
    PriceLevel levelFor(final long price, final Pool<PriceLevel> pool)
    {
        final long key = key(price);
        final int index = search(key);
        return index >= 0 ? levels[index] : insert(-index - 1, pool.acquire(), price, key);
    }

    void remove(final PriceLevel level)
    {
        removeAt(indexOf(level));
    }

    /**
     * The level at this price for an order that has just left the level {@code from} of this side (a replace).
     * A replace usually moves one tick, so the search starts next to {@code from}. An emptied {@code from} leaves
     * its slot: it becomes the new price's level when there is none (shifting only the levels in between, none
     * for one tick), or goes back to the pool.
     */
    PriceLevel levelAfterMove(final PriceLevel from, final long price, final Pool<PriceLevel> pool)
    {
        final int fromIndex = indexOf(from);
        final long key = key(price);
        final int index = searchFrom(key, fromIndex);
        if (index >= 0)
        {
            final PriceLevel level = levels[index];
            if (level != from && from.isEmpty())
            {
                removeAt(fromIndex);
                pool.release(from);
            }
            return level;
        }
        final int insertAt = -index - 1;
        if (!from.isEmpty())
        {
            return insert(insertAt, pool.acquire(), price, key);
        }
        final int to = insertAt > fromIndex ? insertAt - 1 : insertAt;
        if (to > fromIndex)
        {
            System.arraycopy(levels, fromIndex + 1, levels, fromIndex, to - fromIndex);
            System.arraycopy(keys, fromIndex + 1, keys, fromIndex, to - fromIndex);
        }
        else
        {
            System.arraycopy(levels, to, levels, to + 1, fromIndex - to);
            System.arraycopy(keys, to, keys, to + 1, fromIndex - to);
        }
        from.init(price);
        levels[to] = from;
        keys[to] = key;
        from.distanceHint = count - 1 - to;
        return from;
    }

    private PriceLevel insert(final int index, final PriceLevel level, final long price, final long key)
    {
        if (count == levels.length)
        {
            levels = Arrays.copyOf(levels, count * 2);
            keys = Arrays.copyOf(keys, count * 2);
        }
        System.arraycopy(levels, index, levels, index + 1, count - index);
        System.arraycopy(keys, index, keys, index + 1, count - index);
        level.init(price);
        levels[index] = level;
        keys[index] = key;
        count++;
        level.distanceHint = count - 1 - index;
        return level;
    }

    private void removeAt(final int index)
    {
        System.arraycopy(levels, index + 1, levels, index, count - index - 1);
        System.arraycopy(keys, index + 1, keys, index, count - index - 1);
        count--;
        levels[count] = null;
    }

    /**
     * The index of a level of this side (a replace looks up its order's level every time). Galloping from where
     * the level last was needs few probes while few levels came or went between it and the best since; an
     * interpolated {@link #search} from scratch needs more on a book with gaps.
     */
    private int indexOf(final PriceLevel level)
    {
        final int hint = Math.max(0, count - 1 - level.distanceHint);
        final int index = levels[hint] == level ? hint : searchFrom(key(level.price()), hint);
        level.distanceHint = count - 1 - index;
        return index;
    }

    /**
     * {@link Arrays#binarySearch} over the keys. The prices of a book are mostly a few ticks apart, so a first guess
     * interpolated between the lowest and the highest key usually lands within a few levels of the key: galloping
     * from there touches one or two cache lines where a binary search over hundreds of levels touches many.
     */
    private int search(final long key)
    {
        if (count == 0)
        {
            return -1;
        }
        final long lowest = keys[0];
        final long highest = keys[count - 1];
        final int guess;
        if (key <= lowest)
        {
            guess = 0;
        }
        else if (key >= highest)
        {
            guess = count - 1;
        }
        else
        {
            // 0 < key - lowest < span: with a span below 2^31 the product cannot overflow. Wider books start in
            // the middle.
            final long span = highest - lowest;
            guess = span > 0 && span < Integer.MAX_VALUE ? (int)((key - lowest) * (count - 1) / span) : count / 2;
        }
        return searchFrom(key, guess);
    }

    /** {@link Arrays#binarySearch} over the keys, galloping out from a hint first: few probes near the hint. */
    private int searchFrom(final long key, final int hint)
    {
        final long atHint = keys[hint];
        int step = 1;
        if (atHint < key)
        {
            int below = hint;
            int above = hint + 1;
            while (above < count && keys[above] < key)
            {
                below = above;
                step <<= 1;
                above = below + step;
            }
            return Arrays.binarySearch(keys, below + 1, Math.min(above + 1, count), key);
        }
        if (atHint > key)
        {
            int above = hint;
            int below = hint - 1;
            while (below >= 0 && keys[below] > key)
            {
                above = below;
                step <<= 1;
                below = above - step;
            }
            return Arrays.binarySearch(keys, Math.max(below, 0), above, key);
        }
        return hint;
    }

    private long key(final long price)
    {
        return side == Side.BUY ? price : -price;
    }
}
