package dev.exengine.pipeline.config;

/**
 * Told, on the engine's threads, as the journal and the decisions about its commands advance: what a replication
 * layer wakes on (to ship what is journaled and decided, to acknowledge what is durable). It must not block: a wake-up,
 * nothing more.
 */
public interface ProgressListener
{
    ProgressListener NONE = new ProgressListener()
    {
    };

    /** The journal is durable, under the engine's mode, through this sequence (called after each batch's commit). */
    default void onDurable(final long journalSequence)
    {
    }

    /**
     * Every command through this journal sequence is decided: applied, or left out with its SKIP_COMMAND record at or
     * before it (called at the end of each batch the logic applied, before its events are released).
     */
    default void onDecided(final long journalSequence)
    {
    }
}
