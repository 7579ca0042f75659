package dev.exengine.pipeline;

import dev.exengine.core.event.Event;

/**
 * Receives the engine's events, in order, on one engine thread, once the commands that caused them are durable.
 * It must not block: a slow consumer buffers or drops its own clients, it never holds up the others. The event is
 * reused after the call returns.
 */
@FunctionalInterface
public interface EngineOutput
{
    /**
     * @param origin     the session or user that sent the command which caused the event.
     * @param endOfBatch true when no further event is ready right now: a good moment to flush.
     */
    void onEvent(Event event, long origin, boolean endOfBatch);
}
