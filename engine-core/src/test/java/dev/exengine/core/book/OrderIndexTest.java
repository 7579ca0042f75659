package dev.exengine.core.book;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class OrderIndexTest
{
    private final OrderIndex index = new OrderIndex();

    @Test
    void shouldFindOrdersWhoseIdsShareASlot()
    {
        final Order first = order(5);
        final Order second = order(5 + 1024);
        final Order third = order(5 + 2048);
        index.add(first);
        index.add(second);
        index.add(third);
        index.remove(first);
        assertNull(index.get(5));
        assertSame(second, index.get(5 + 1024));
        assertSame(third, index.get(5 + 2048));
        assertEquals(2, index.size());
    }

    @Test
    void shouldTellApartIdsWithTheSameLow32Bits()
    {
        // Tags are the low 32 bits of the id: 0 for a multiple of 2^32 (the tag of an empty slot too), and one tag
        // for ids 2^32 apart.
        final long wrap = 1L << 32;
        final Order zeroTag = order(wrap);
        final Order secondZeroTag = order(3 * wrap);
        final Order five = order(5);
        final Order fiveAgain = order(5 + wrap);
        index.add(zeroTag);
        index.add(five);
        index.add(fiveAgain);
        index.add(secondZeroTag);
        assertSame(zeroTag, index.get(wrap));
        assertSame(secondZeroTag, index.get(3 * wrap));
        assertSame(five, index.get(5));
        assertSame(fiveAgain, index.get(5 + wrap));
        assertNull(index.get(2 * wrap));
        assertNull(index.get(5 + 2 * wrap));
        index.remove(zeroTag);
        index.remove(five);
        assertNull(index.get(wrap));
        assertNull(index.get(5));
        assertSame(secondZeroTag, index.get(3 * wrap));
        assertSame(fiveAgain, index.get(5 + wrap));
    }

    @Test
    void shouldAgreeWithAHashMapUnderSequentialIdsAndRandomRemovals()
    {
        final HashMap<Long, Order> expected = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(7);
        final long[] live = new long[20_000];
        int liveCount = 0;
        for (long id = 1; id <= 300_000; id++)
        {
            // Long-lived orders among short-lived ones, with the live count swinging between 0 and thousands.
            if (liveCount < live.length && random.nextInt(100) < 55)
            {
                final Order order = order(id);
                index.add(order);
                expected.put(id, order);
                live[liveCount++] = id;
            }
            if (liveCount > 0 && random.nextInt(100) < 50)
            {
                final int victim = random.nextInt(liveCount);
                index.remove(expected.remove(live[victim]));
                live[victim] = live[--liveCount];
            }
            final long probe = 1 + random.nextLong(id);
            assertSame(expected.get(probe), index.get(probe));
        }
        assertEquals(expected.size(), index.size());
        for (final Order order : expected.values())
        {
            assertSame(order, index.get(order.orderId()));
        }
    }

    private static Order order(final long orderId)
    {
        return new Order().init(orderId, 0, null, 1, 0, null, null, null, false, 0, 0, null);
    }
}
