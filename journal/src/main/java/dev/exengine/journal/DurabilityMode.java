package dev.exengine.journal;

/**
 * What a record that {@link CommandJournal#append} has returned survives, and therefore when the pipeline may
 * release the replies it caused.
 */
public enum DurabilityMode
{
    /**
     * Nothing is promised: the journal is written behind the business logic and {@link CommandJournal#flush()} does
     * nothing. For tests and benchmarks only.
     */
    MEMORY,

    /**
     * The record is in the memory-mapped file once {@code append} returns, so it survives a process crash or
     * {@code kill -9} (the page cache belongs to the kernel) but not a power loss or kernel crash.
     * {@link CommandJournal#flush()} does nothing. The default.
     */
    PROCESS,

    /**
     * The record is forced to the storage device by the next {@link CommandJournal#flush()}, which the pipeline calls
     * once at the end of each batch (group commit: one force per batch, never one per record). Survives power loss
     * for every record appended before the flush returned.
     */
    FSYNC
}
