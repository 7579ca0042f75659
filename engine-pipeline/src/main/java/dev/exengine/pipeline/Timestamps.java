package dev.exengine.pipeline;

/**
 * Producers stamp commands before they are ordered in the ring, so stamps may step back by a few nanoseconds between
 * producers. Journaller and logic both see the ring in the same order and apply this same rule, so both agree on
 * every command's timestamp and the journal's timestamps never decrease.
 */
final class Timestamps
{
    private Timestamps()
    {
    }

    static long monotonic(final long previous, final long stamped)
    {
        return Math.max(previous, stamped);
    }
}
