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
     * @return the journal sequence through which the engine may release replies now: what the standby has
     * acknowledged, or {@link Long#MAX_VALUE} while the policy releases on local durability alone. Safe from any
     * thread, cheap: the engine's thread calls it while it waits.
     */
    long releasableThrough();
}
