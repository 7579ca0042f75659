package dev.exengine.core.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DivisorTest
{
    private static final long[] DIVISORS = {1, 2, 3, 7, 8, 10, 64, 100, 1024, 100_000, 1L << 40, (1L << 40) + 1,
        Long.MAX_VALUE, 1L << 62};
    private static final long[] EDGES = {0, 1, -1, 2, -2, 7, -7, 8, -8, Long.MAX_VALUE, Long.MIN_VALUE,
        Long.MIN_VALUE + 1, 1L << 62, -(1L << 62)};

    @Test
    void shouldDivideLikeTheDivisionOperatorForEveryDividend()
    {
        final SplittableRandom random = new SplittableRandom(3);
        for (final long d : DIVISORS)
        {
            final Divisor divisor = new Divisor(d);
            for (final long x : EDGES)
            {
                check(divisor, d, x);
                check(divisor, d, x * d);
            }
            for (int i = 0; i < 10_000; i++)
            {
                final long x = random.nextLong();
                check(divisor, d, x);
                check(divisor, d, x >> random.nextInt(64));
                check(divisor, d, (x >> random.nextInt(64)) * d);
            }
        }
    }

    @Test
    void shouldGiveTheExactQuotientOfEveryMultipleByAMultiplication()
    {
        final SplittableRandom random = new SplittableRandom(5);
        for (final long d : DIVISORS)
        {
            final Divisor divisor = new Divisor(d);
            final long largest = Long.MAX_VALUE / d;
            for (final long q : new long[] {0, 1, -1, 2, -2, largest, -largest, largest - 1, -largest + 1})
            {
                if (Math.abs(q) <= largest)
                {
                    assertEquals(q, divisor.exactQuotient(q * d), q + " * " + d);
                }
            }
            for (int i = 0; i < 10_000; i++)
            {
                final long q = random.nextLong(-largest, largest);
                assertEquals(q, divisor.exactQuotient(q * d), q + " * " + d);
            }
        }
    }

    private static void check(final Divisor divisor, final long d, final long x)
    {
        assertEquals(x / d, divisor.divide(x), x + " / " + d);
        assertEquals(x % d == 0, divisor.divides(x), x + " % " + d);
    }
}
