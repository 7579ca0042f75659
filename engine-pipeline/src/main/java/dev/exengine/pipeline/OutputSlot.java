package dev.exengine.pipeline;

import dev.exengine.core.event.Event;

/**
 * One pre-allocated slot of the output ring: an event, the origin of the command that caused it and that command's
 * input-ring sequence, which the durability gate compares with the journal's progress.
 */
final class OutputSlot
{
    final Event event = new Event();
    long origin;
    long inputSequence;
}
