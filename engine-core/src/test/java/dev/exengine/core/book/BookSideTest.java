package dev.exengine.core.book;

import dev.exengine.core.command.Side;
import dev.exengine.core.math.Divisor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BookSideTest
{
    @Test
    void shouldKeepLevelsAndTheirQueuesUnderAddsMovesFillsAndRemovals()
    {
        for (final Side side : Side.values())
        {
            // Dense books near one price, sparse ones with outliers far away, and books whose prices wander further
            // than the ladder's window, so that it moves both ways.
            check(side, 1, 1, 600, 0);
            check(side, 1, 1, 5_000, 0);
            check(side, 1, 1_000, 1_000_000_000_000L, 0);
            check(side, 1, 1_000_000, 300, 40);
            // The same in ticks of other sizes: the ladder counts ticks, not prices.
            check(side, 100, 1, 5_000, 0);
            check(side, 7, 1_000_000, 300, 40);
        }
    }

    @Test
    void shouldReportAnEmptySide()
    {
        final BookSide book = new BookSide(Side.SELL, new Divisor(1));
        final Order order = order(1, 10, 5);
        book.append(order);
        assertTrue(order.isResting());
        book.remove(order);
        assertFalse(order.isResting());
        assertEquals(0, book.levelCount());
        assertNull(book.bestHead());
    }

    /**
     * @param tick  the tick size; the other numbers are in ticks.
     * @param drift every new order's price range moves by up to this many ticks, up or down, from the previous one's.
     */
    private static void check(final Side side, final long tick, final long firstPrice, final long range,
        final int drift)
    {
        long base = firstPrice;
        final BookSide book = new BookSide(side, new Divisor(tick));
        final TreeMap<Long, List<Order>> expected = new TreeMap<>();
        final List<Order> orders = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(range);
        for (int i = 0; i < 100_000; i++)
        {
            final int dice = random.nextInt(12);
            if (drift > 0)
            {
                base = Math.max(1, base + random.nextInt(2 * drift + 1) - drift);
            }
            if (orders.isEmpty() || dice < 3)
            {
                final long price = tick * (random.nextInt(20) == 0 ? base + range * 1000 : base + random.nextLong(range));
                final Order order = order(i + 1, price, 1 + random.nextInt(100));
                book.append(order);
                expected.computeIfAbsent(price, p -> new ArrayList<>()).add(order);
                orders.add(order);
            }
            else
            {
                final Order order = orders.get(random.nextInt(orders.size()));
                final List<Order> from = expected.get(order.price());
                if (dice < 5)
                {
                    book.remove(order);
                    from.remove(order);
                    orders.remove(order);
                }
                else if (dice < 10)
                {
                    // Often the same price (a quantity increase), mostly one tick away, sometimes anywhere.
                    final long price = dice == 5 ? order.price() : dice < 9 ?
                        Math.max(tick, order.price() + (random.nextBoolean() ? tick : -tick)) :
                        tick * (base + random.nextLong(range));
                    final long quantity = 1 + random.nextInt(100);
                    from.remove(order);
                    book.move(order, price, quantity, quantity);
                    assertEquals(price, order.price());
                    expected.computeIfAbsent(price, p -> new ArrayList<>()).add(order);
                }
                else if (order.remaining() > 1)
                {
                    book.reduce(order, 1);
                    order.fill(1);
                }
                if (from.isEmpty())
                {
                    expected.values().remove(from);
                }
            }
            if (i % 64 == 0)
            {
                assertSameLevels(side, expected, book);
            }
        }
        assertSameLevels(side, expected, book);
    }

    private static Order order(final long orderId, final long price, final long quantity)
    {
        return new Order().init(orderId, 0, null, 1, 0, Side.BUY, null, null, false, price, quantity, null);
    }

    private static void assertSameLevels(final Side side, final TreeMap<Long, List<Order>> expected, final BookSide book)
    {
        assertEquals(expected.size(), book.levelCount());
        int level = book.bestLevel();
        for (final Map.Entry<Long, List<Order>> expectedLevel :
            (side == Side.BUY ? expected.descendingMap() : expected).entrySet())
        {
            assertEquals(expectedLevel.getKey(), book.price(level));
            assertEquals(expectedLevel.getValue().size(), book.orderCount(level));
            long quantity = 0;
            Order order = book.head(level);
            for (final Order expectedOrder : expectedLevel.getValue())
            {
                assertSame(expectedOrder, order);
                assertTrue(order.isResting());
                quantity += order.remaining();
                order = order.next();
            }
            assertNull(order);
            assertEquals(quantity, book.quantity(level));
            level = book.nextLevel(level);
        }
        assertEquals(BookSide.NO_LEVEL, level);
        if (!expected.isEmpty())
        {
            assertEquals(book.price(book.bestLevel()), book.bestPrice());
            assertSame(book.head(book.bestLevel()), book.bestHead());
        }
    }
}
