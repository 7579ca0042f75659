package dev.exengine.core.book;

import dev.exengine.core.command.Side;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class BookSideTest
{
    private final Pool<PriceLevel> pool = new Pool<>(PriceLevel::new, 16);

    @Test
    void shouldKeepBidsAndAsksSortedUnderAddsMovesAndRemovals()
    {
        for (final Side side : Side.values())
        {
            // Dense books near one price, and sparse ones with outliers far away.
            check(side, 1, 600);
            check(side, 1_000, 1_000_000_000_000L);
        }
    }

    private void check(final Side side, final long firstPrice, final long range)
    {
        final BookSide book = new BookSide(side);
        final TreeMap<Long, PriceLevel> expected = new TreeMap<>();
        final List<Order> orders = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(range);
        for (int i = 0; i < 100_000; i++)
        {
            final int dice = random.nextInt(10);
            if (orders.isEmpty() || dice < 3)
            {
                final long price = random.nextInt(20) == 0 ? firstPrice + range * 1000 : firstPrice +
                    random.nextLong(range);
                final Order order = new Order();
                order.init(i + 1, 0, null, 1, 0, side, null, null, false, price, 1, null);
                final PriceLevel level = book.levelFor(price, pool);
                level.append(order);
                expected.put(price, level);
                orders.add(order);
            }
            else
            {
                final Order order = orders.get(random.nextInt(orders.size()));
                final PriceLevel from = order.level;
                from.remove(order);
                if (dice < 5)
                {
                    if (from.isEmpty())
                    {
                        book.remove(from);
                        expected.remove(from.price());
                        pool.release(from);
                    }
                    orders.remove(order);
                }
                else
                {
                    final long price = dice < 9 ? Math.max(1, order.price() + (random.nextBoolean() ? 1 : -1)) :
                        firstPrice + random.nextLong(range);
                    if (from.isEmpty())
                    {
                        expected.remove(from.price());
                    }
                    order.amend(price, 1, 1);
                    final PriceLevel level = book.levelAfterMove(from, price, pool);
                    level.append(order);
                    assertEquals(price, level.price());
                    expected.put(price, level);
                }
            }
            if (i % 64 == 0)
            {
                assertSameLevels(side, expected, book);
            }
        }
        assertSameLevels(side, expected, book);
    }

    private static void assertSameLevels(final Side side, final TreeMap<Long, PriceLevel> expected, final BookSide book)
    {
        assertEquals(expected.size(), book.levelCount());
        int distance = 0;
        for (final PriceLevel level : side == Side.BUY ? expected.descendingMap().values() : expected.values())
        {
            assertSame(level, book.levelFromBest(distance++));
        }
        if (!expected.isEmpty())
        {
            assertEquals(book.best().price(), book.bestPrice());
        }
    }
}
