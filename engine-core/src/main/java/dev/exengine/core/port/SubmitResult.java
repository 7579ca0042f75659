package dev.exengine.core.port;

/**
 * What {@link CommandSink#submit} or {@link CommandSink#tryClaim} did with a command. Failure is a return value, never
 * an exception, on the hot path.
 */
public enum SubmitResult
{
    /** In the ring: it will be journaled and applied, and its events will reach the outputs. */
    ACCEPTED,
    /** The input ring is full; nothing was taken. Retry later or tell the client. */
    BUSY,
    /** The engine stopped taking commands after an internal failure; see its log. */
    HALTED,
    /** The engine is closing or closed. */
    CLOSED
}
