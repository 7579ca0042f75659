package dev.exengine.pipeline.config;

/**
 * Where the business logic sits relative to the journaller. Both keep the rule that nothing a command caused leaves
 * the engine before the command is durable under the configured mode.
 */
public enum PipelineMode
{
    /**
     * Journaller and logic consume the input ring side by side on two threads; a third thread holds the events back
     * until the journal has their commands (the durability gate). Needs three cores to itself.
     */
    PARALLEL,
    /** The logic consumes a command only after the journaller has made it durable; output needs no gate. */
    SERIAL,
    /**
     * Journaller and logic on one thread: each ring batch is journaled and committed, then applied, and the events
     * are delivered on that thread. The fewest threads and handoffs, so the best fit for a machine with few cores.
     */
    INLINE
}
