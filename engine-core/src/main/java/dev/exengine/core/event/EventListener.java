package dev.exengine.core.event;

/**
 * Receives what the business-logic processor produces, on the processor's thread, in order. The event is
 * reused after the call returns: copy what you keep.
 */
@FunctionalInterface
public interface EventListener
{
    void onEvent(Event event);
}
