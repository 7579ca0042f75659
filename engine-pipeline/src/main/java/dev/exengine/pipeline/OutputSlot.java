package dev.exengine.pipeline;

import dev.exengine.core.event.Event;

/**
 * One pre-allocated slot of the output ring: an event, the origin of the command that caused it and that command's
 * input-ring sequence, which the durability gate compares with the journal's progress, and its arrival time.
 */
final class OutputSlot
{
    final Event event = new Event();
    long origin;
    long inputSequence;
    /** When that command entered the input ring, or {@link EventSink#UNTIMED}: its latency ends at the release. */
    long arrivalNanos;
}
