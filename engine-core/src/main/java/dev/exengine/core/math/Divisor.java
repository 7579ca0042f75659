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

    public Divisor(final long divisor)
    {
        this.divisor = divisor;
        this.shift = divisor > 0 && Long.bitCount(divisor) == 1 ? Long.numberOfTrailingZeros(divisor) : -1;
        this.mask = divisor - 1;
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
