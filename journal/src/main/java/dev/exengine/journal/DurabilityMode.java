package dev.exengine.journal;

/**
 * What a record survives once the {@link CommandJournal#flush()} that committed its batch has returned, and therefore
 * when the pipeline may release the replies it caused. Before that, in every mode, the record is in an open batch
 * document: invisible to readers and lost with the whole batch if the process dies.
 */
public enum DurabilityMode
{
    /**
     * Nothing is promised: the journal is written behind the business logic and {@link CommandJournal#flush()} only
     * commits the batch, forcing nothing. For tests and benchmarks only.
     */
    MEMORY,

    /**
     * The record is committed to the memory-mapped file once {@link CommandJournal#flush()} returns, so it survives a
     * process crash or {@code kill -9} (the page cache belongs to the kernel) but not a power loss or kernel crash.
     * The flush forces nothing to the device. The default.
     */
    PROCESS,

    /**
     * The record is committed and forced to the storage device by the next {@link CommandJournal#flush()}, which the
     * pipeline calls once at the end of each batch (group commit: one force per batch, never one per record).
     * Survives power loss for every record appended before the flush returned.
     */
    FSYNC,

    /**
     * Here as {@link #PROCESS}; the engine also waits, before it releases a reply, until a standby has the record
     * under its own mode (one round trip per batch). Survives the loss of this machine.
     */
    REPLICATED
}
