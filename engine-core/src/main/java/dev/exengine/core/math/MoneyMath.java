package dev.exengine.core.math;

/**
 * Exact arithmetic on non-negative money amounts: product, sum, fee, cost. An overflow is the value {@link #OVERFLOW}
 * (a return value, not an exception, so that a reject allocates nothing). Allocates nothing.
 */
public final class MoneyMath
{
    /** The result of an operation that does not fit in a long; every operand here is non-negative. */
    public static final long OVERFLOW = -1;

    private static final long PPM = 1_000_000;

    private MoneyMath()
    {
    }

    /**
     * @return a * b for non-negative operands, or {@link #OVERFLOW}.
     */
    public static long multiply(final long a, final long b)
    {
        if (a == OVERFLOW || b == OVERFLOW)
        {
            return OVERFLOW;
        }
        final long product = a * b;
        return Math.multiplyHigh(a, b) != 0 || product < 0 ? OVERFLOW : product;
    }

    /**
     * @return a + b for non-negative operands, or {@link #OVERFLOW}.
     */
    public static long add(final long a, final long b)
    {
        if (a == OVERFLOW || b == OVERFLOW)
        {
            return OVERFLOW;
        }
        final long sum = a + b;
        return sum < 0 ? OVERFLOW : sum;
    }

    /**
     * notional * ppm / 1_000_000 rounded down, computed in two parts so that it never overflows (ppm <= 100_000);
     * equal to the plain formula whenever that fits.
     */
    public static long fee(final long notional, final int ppm)
    {
        return notional / PPM * ppm + notional % PPM * ppm / PPM;
    }

    /**
     * @return notional + fee(notional, ppm), or {@link #OVERFLOW} when the notional or the sum does not fit
     * (docs/SEMANTICS.md, "Fee overflow"); the fee itself always fits.
     */
    public static long cost(final long notional, final int ppm)
    {
        return notional == OVERFLOW ? OVERFLOW : add(notional, fee(notional, ppm));
    }
}
