package dev.exengine.core.math;

/**
 * Exact division by a fixed divisor, prepared once per instrument for its tick and lot sizes: a shift and a mask
 * when the divisor is a positive power of two (1 included, the usual size), the 64-bit division otherwise. Gives
 * what {@code /} and {@code %} give for every dividend. Allocates nothing.
 */
public final class Divisor
{
    private final long divisor;
    /** log2 of the divisor, or -1 when it is not a power of two. */
    private final int shift;
    private final long mask;
    /** The divisor is {@code odd << zeros}; {@code oddInverse * odd == 1} modulo 2^64. */
    private final int zeros;
    private final long oddInverse;

    public Divisor(final long divisor)
    {
        this.divisor = divisor;
        this.shift = divisor > 0 && Long.bitCount(divisor) == 1 ? Long.numberOfTrailingZeros(divisor) : -1;
        this.mask = divisor - 1;
        this.zeros = divisor > 0 ? Long.numberOfTrailingZeros(divisor) : 0;
        this.oddInverse = divisor > 0 ? inverse(divisor >>> zeros) : 0;
    }

    public long divisor()
    {
        return divisor;
    }

    /**
     * multiple / divisor, for a multiple of a positive divisor (a price the instrument's tick size divides, which the
     * risk checks make every resting order's): a shift and a multiplication, whatever the divisor, where {@code /}
     * is a 64-bit division. Any other dividend gives a number that means nothing.
     */
    public long exactQuotient(final long multiple)
    {
        return (multiple >> zeros) * oddInverse;
    }

    /** The inverse of an odd number modulo 2^64, by Newton's iteration (each step doubles the bits that are right). */
    private static long inverse(final long odd)
    {
        long x = odd; // right in its lowest 3 bits: odd * odd == 1 modulo 8
        for (int i = 0; i < 5; i++)
        {
            x *= 2 - odd * x;
        }
        return x;
    }

    /** dividend / divisor, rounded toward zero. */
    public long divide(final long dividend)
    {
        // A shift rounds toward minus infinity, which differs for a negative dividend.
        return shift >= 0 && dividend >= 0 ? dividend >> shift : dividend / divisor;
    }

    /** dividend % divisor == 0. */
    public boolean divides(final long dividend)
    {
        return shift >= 0 ? (dividend & mask) == 0 : dividend % divisor == 0;
    }
}
