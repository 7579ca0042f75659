package dev.exengine.protocol.feed;

import dev.exengine.protocol.feed.sbe.Side;

import java.util.Arrays;

/**
 * The price levels of one side of a {@link MarketBook}, sorted with the best at the end of the array, so that the
 * levels near the top of the book, where most orders come and go, move few elements when one is inserted or removed
 * (the engine's own book sides are laid out the same way). Allocates nothing after warm-up beyond growing the array.
 */
final class MarketSide
{
    private static final int INITIAL_CAPACITY = 32;

    private final Side side;
    private MarketLevel[] levels = new MarketLevel[INITIAL_CAPACITY];
    private int count;
    private MarketLevel freeLevels;

    MarketSide(final Side side)
    {
        this.side = side;
    }

    int levelCount()
    {
        return count;
    }

    /** The level at a distance from the best: 0 is the best. */
    MarketLevel level(final int depth)
    {
        if (depth < 0 || depth >= count)
        {
            throw new IndexOutOfBoundsException("depth " + depth + " of " + count + " levels");
        }
        return levels[count - 1 - depth];
    }

    /** @return true when an order of the opposite side at {@code price} would trade with this side's best. */
    boolean isCrossedBy(final long price)
    {
        if (count == 0)
        {
            return false;
        }
        final long best = levels[count - 1].price();
        return side == Side.SELL ? price >= best : price <= best;
    }

    /** Puts the order at the back of the level of its price, making the level if there is none. */
    void append(final MarketOrder order)
    {
        final long key = key(order.price());
        int index = find(key);
        if (index < 0)
        {
            index = -index - 1;
            if (count == levels.length)
            {
                levels = Arrays.copyOf(levels, count * 2);
            }
            System.arraycopy(levels, index, levels, index + 1, count - index);
            levels[index] = newLevel(order.price());
            count++;
        }
        levels[index].append(order);
    }

    /** Takes the order out of its level, and the level out of the side once it is empty. */
    void remove(final MarketOrder order)
    {
        final MarketLevel level = order.level;
        level.unlink(order);
        if (level.isEmpty())
        {
            final int index = find(key(level.price()));
            System.arraycopy(levels, index + 1, levels, index, count - index - 1);
            levels[--count] = null;
            level.nextFree = freeLevels;
            freeLevels = level;
        }
    }

    void clear()
    {
        while (count > 0)
        {
            final MarketLevel level = levels[--count];
            levels[count] = null;
            level.nextFree = freeLevels;
            freeLevels = level;
        }
    }

    private MarketLevel newLevel(final long price)
    {
        MarketLevel level = freeLevels;
        if (level == null)
        {
            level = new MarketLevel();
        }
        else
        {
            freeLevels = level.nextFree;
            level.nextFree = null;
        }
        return level.init(price);
    }

    /** Ascending keys put the best price at the end: bids by price, asks by the negated price. */
    private long key(final long price)
    {
        return side == Side.BUY ? price : -price;
    }

    /** @return the index of the level with the key, or -(insertion point) - 1. */
    private int find(final long key)
    {
        int low = 0;
        int high = count - 1;
        // Most activity is near the best, at the end: look there first.
        if (count > 0 && key(levels[high].price()) == key)
        {
            return high;
        }
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long midKey = key(levels[mid].price());
            if (midKey < key)
            {
                low = mid + 1;
            }
            else if (midKey > key)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }
}
