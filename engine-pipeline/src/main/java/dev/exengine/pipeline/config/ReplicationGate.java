package dev.exengine.pipeline.config;

/**
 * What a primary in {@code REPLICATED} durability waits for before it releases what a batch of commands caused: the
 * standby's acknowledgement that it has their records, under its own durability. The replication layer implements it,
 * with the operator's policy for a standby that is gone (wait, or release on local durability after a timeout).
 */
@FunctionalInterface
public interface ReplicationGate
{
    /**
     * Registers, once before the engine starts, what to run whenever {@link #releasableThrough()} may have advanced (a
     * standby acknowledged more, the policy started releasing on local durability): it wakes the engine's thread if it
     * waits on the gate, instead of leaving it to its next backed-off look. Without it the engine looks on its own.
     */
    default void onAdvance(final Runnable wake)
    {
    }

    /**
     * @return the journal sequence through which the engine may release replies now: what the standby has
     * acknowledged, or {@link Long#MAX_VALUE} while the policy releases on local durability alone. Safe from any
     * thread, cheap: the engine's thread calls it while it waits.
     */
    long releasableThrough();
}
