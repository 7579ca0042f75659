package dev.exengine.core.book;

import dev.exengine.core.command.Side;

import java.util.Arrays;

/**
 * The price levels of one side and, in each, its resting orders oldest first (an intrusive FIFO through
 * {@link Order#next()}). A level is not an object but a position in two arrays, best price at the end so that
 * inserting or removing near the top of the book shifts few elements:
 * <ul>
 *   <li>{@code levels}, three longs per level: the sort key (the price for bids, its negation for asks), the total
 *   remaining quantity and the number of orders;</li>
 *   <li>{@code ends}, two references per level: the oldest and the newest order.</li>
 * </ul>
 * A replace moves an order to a neighbouring price: both levels then sit in the same one or two cache lines of each
 * array, where level objects would be two more objects to fetch from anywhere in the heap. An order remembers how far
 * from the best its level was ({@link Order#distanceHint}) to find it again with few probes; the hint drifts as levels
 * come and go in front of it, so it is refreshed whenever the order is found, and also when an order is linked or
 * unlinked next to it (its neighbours are in the cache then anyway).
 * Allocates nothing after warm-up (the arrays grow with the number of levels).
 */
public final class BookSide
{
    private static final int INITIAL_CAPACITY = 64;
    private static final int LEVEL_LONGS = 3;
    private static final int QUANTITY = 1;
    private static final int ORDER_COUNT = 2;

    private final Side side;
    private long[] levels = new long[INITIAL_CAPACITY * LEVEL_LONGS];
    private Order[] ends = new Order[INITIAL_CAPACITY * 2];
    private int count;
    /** Sum of the remaining quantities of every resting order of this side: of every level's total. */
    private long restingQuantity;

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

    /** The best price; only when the side has levels. */
    public long bestPrice()
    {
        return priceFromBest(0);
    }

    /** The oldest order at the best price, first to match, or null when the side is empty. */
    public Order bestHead()
    {
        return count == 0 ? null : ends[2 * (count - 1)];
    }

    /** The price of the level at a distance from the best: 0 is the best. */
    public long priceFromBest(final int distance)
    {
        // key() is its own inverse.
        return key(levels[LEVEL_LONGS * (count - 1 - distance)]);
    }

    /** The total remaining quantity of the level at a distance from the best. */
    public long quantityFromBest(final int distance)
    {
        return levels[LEVEL_LONGS * (count - 1 - distance) + QUANTITY];
    }

    /** The number of orders of the level at a distance from the best. */
    public int orderCountFromBest(final int distance)
    {
        return (int)levels[LEVEL_LONGS * (count - 1 - distance) + ORDER_COUNT];
    }

    /** The oldest order of the level at a distance from the best; continue with {@link Order#next()}. */
    public Order headFromBest(final int distance)
    {
        return ends[2 * (count - 1 - distance)];
    }

    /** Rests an order at the back of the level of its price, which is created when the side has none. */
    void append(final Order order)
    {
        final long key = key(order.price());
        final int index = search(key);
        link(index >= 0 ? index : insert(-index - 1, key), order);
    }

    /** Takes a resting order off its level; an emptied level goes. */
    void remove(final Order order)
    {
        final int index = indexOf(order);
        unlink(index, order);
        if (isEmpty(index))
        {
            removeAt(index);
        }
    }

    /**
     * Moves a resting order to the back of the level of a new price, with a new total quantity and remaining.
     * A replace usually moves one tick, so the search starts next to the order's current level. An emptied level
     * keeps its slot when the new price has no level: the slot becomes the new price's level (shifting only the
     * levels in between, none for one tick).
     */
    void move(final Order order, final long price, final long quantity, final long remaining)
    {
        final int from = indexOf(order);
        unlink(from, order);
        order.amend(price, quantity, remaining);
        final long key = key(price);
        final int index = searchFrom(key, from);
        if (index >= 0)
        {
            if (index != from && isEmpty(from))
            {
                removeAt(from);
                link(index > from ? index - 1 : index, order);
            }
            else
            {
                link(index, order);
            }
            return;
        }
        final int insertAt = -index - 1;
        if (!isEmpty(from))
        {
            link(insert(insertAt, key), order);
            return;
        }
        final int to = insertAt > from ? insertAt - 1 : insertAt;
        if (to > from)
        {
            copyLevels(from + 1, from, to - from);
        }
        else if (to < from)
        {
            copyLevels(to, to + 1, from - to);
        }
        clear(to, key);
        link(to, order);
    }

    /** Lowers the total of a resting order's level: a fill or a decrease, by which the order keeps its place. */
    void reduce(final Order order, final long by)
    {
        levels[LEVEL_LONGS * indexOf(order) + QUANTITY] -= by;
        restingQuantity -= by;
    }

    private void link(final int index, final Order order)
    {
        final int head = 2 * index;
        final Order tail = ends[head + 1];
        order.previous = tail;
        order.next = null;
        final int distance = count - 1 - index;
        if (tail == null)
        {
            ends[head] = order;
        }
        else
        {
            tail.next = order;
            tail.distanceHint = distance;
        }
        ends[head + 1] = order;
        addToLevel(index, order.remaining(), 1);
        order.resting = true;
        order.distanceHint = distance;
    }

    private void unlink(final int index, final Order order)
    {
        final Order previous = order.previous;
        final Order next = order.next;
        final int head = 2 * index;
        final int distance = count - 1 - index;
        if (previous == null)
        {
            ends[head] = next;
        }
        else
        {
            previous.next = next;
            previous.distanceHint = distance;
        }
        if (next == null)
        {
            ends[head + 1] = previous;
        }
        else
        {
            next.previous = previous;
            next.distanceHint = distance;
        }
        order.previous = null;
        order.next = null;
        order.resting = false;
        addToLevel(index, -order.remaining(), -1);
    }

    /** Adds an order's remaining quantity and one order (or, negative, takes them) to a level's totals and the side's. */
    private void addToLevel(final int index, final long quantity, final int orders)
    {
        final int level = LEVEL_LONGS * index;
        levels[level + QUANTITY] += quantity;
        levels[level + ORDER_COUNT] += orders;
        restingQuantity += quantity;
    }

    private boolean isEmpty(final int index)
    {
        return levels[LEVEL_LONGS * index + ORDER_COUNT] == 0;
    }

    private void clear(final int index, final long key)
    {
        final int level = LEVEL_LONGS * index;
        levels[level] = key;
        levels[level + QUANTITY] = 0;
        levels[level + ORDER_COUNT] = 0;
        ends[2 * index] = null;
        ends[2 * index + 1] = null;
    }

    /** Inserts an empty level with this key at an index; returns the index. */
    private int insert(final int index, final long key)
    {
        if (count == ends.length / 2)
        {
            levels = Arrays.copyOf(levels, 2 * LEVEL_LONGS * count);
            ends = Arrays.copyOf(ends, 4 * count);
        }
        copyLevels(index, index + 1, count - index);
        count++;
        clear(index, key);
        return index;
    }

    private void removeAt(final int index)
    {
        copyLevels(index + 1, index, count - index - 1);
        count--;
        ends[2 * count] = null;
        ends[2 * count + 1] = null;
    }

    /** Moves {@code length} levels (both arrays) from index {@code from} to index {@code to}; they may overlap. */
    private void copyLevels(final int from, final int to, final int length)
    {
        System.arraycopy(levels, LEVEL_LONGS * from, levels, LEVEL_LONGS * to, LEVEL_LONGS * length);
        System.arraycopy(ends, 2 * from, ends, 2 * to, 2 * length);
    }

    /**
     * The index of a resting order's level. Galloping from where the level last was needs few probes while few
     * levels came or went between it and the best since; an interpolated {@link #search} from scratch needs more on
     * a book with gaps. Matching fills and removes makers at the best level, which the levels it took away may have
     * brought nearer than their hint says: the best is tried before galloping.
     */
    private int indexOf(final Order order)
    {
        final long key = key(order.price());
        // The hint is at most count - 1: distances are never negative.
        final int hint = Math.max(0, count - 1 - order.distanceHint);
        final int index;
        if (keyAt(hint) == key)
        {
            index = hint;
        }
        else if (keyAt(count - 1) == key)
        {
            index = count - 1;
        }
        else
        {
            index = searchFrom(key, hint);
        }
        order.distanceHint = count - 1 - index;
        return index;
    }

    private long keyAt(final int index)
    {
        return levels[LEVEL_LONGS * index];
    }

    /**
     * A binary search over the keys: the index of the key, or -(insertion point) - 1. The prices of a book are mostly
     * a few ticks apart, so a first guess interpolated between the lowest and the highest key usually lands within a
     * few levels of the key: galloping from there touches one or two cache lines where a binary search over hundreds
     * of levels touches many.
     */
    private int search(final long key)
    {
        if (count == 0)
        {
            return -1;
        }
        final long lowest = keyAt(0);
        final long highest = keyAt(count - 1);
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

    /** As {@link #search}, galloping out from a hint (a level index) first: few probes near the hint. */
    private int searchFrom(final long key, final int hint)
    {
        final long atHint = keyAt(hint);
        int step = 1;
        if (atHint < key)
        {
            int below = hint;
            int above = hint + 1;
            while (above < count && keyAt(above) < key)
            {
                below = above;
                step <<= 1;
                above = below + step;
            }
            return binarySearch(below + 1, Math.min(above + 1, count), key);
        }
        if (atHint > key)
        {
            int above = hint;
            int below = hint - 1;
            while (below >= 0 && keyAt(below) > key)
            {
                above = below;
                step <<= 1;
                below = above - step;
            }
            return binarySearch(Math.max(below, 0), above, key);
        }
        return hint;
    }

    /** {@link Arrays#binarySearch(long[], int, int, long)} over the keys of the levels from (inclusive) to to. */
    private int binarySearch(final int from, final int to, final long key)
    {
        int low = from;
        int high = to - 1;
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

    private long key(final long price)
    {
        return side == Side.BUY ? price : -price;
    }
}
