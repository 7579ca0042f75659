package dev.exengine.core.port;

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
     * @param origin the session or user that sent the command which caused the event.
     */
    void onEvent(Event event, long origin);

    /**
     * No further event is ready right now (the engine reached the end of a batch of commands): the moment to flush
     * or wake whatever sends on. Called on the same thread as {@link #onEvent}, also after a batch that produced no
     * event.
     */
    default void onBatchEnd()
    {
    }
}
