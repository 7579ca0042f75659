package dev.exengine.replay;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.event.EventListener;

/**
 * How a command is handed to the business logic, by the live engine's logic thread and by its replays. Production
 * applies it directly; tests put a failing step in between to prove what the engine does when the logic throws.
 */
@FunctionalInterface
public interface CommandApplier
{
    CommandApplier DIRECT = BusinessLogicProcessor::apply;

    void apply(BusinessLogicProcessor logic, Command command, long sequence, long timestamp, EventListener listener);

    /** Prefetches a command the logic thread will apply soon ({@link BusinessLogicProcessor#prefetch}). */
    default void prefetch(final BusinessLogicProcessor logic, final Command command)
    {
        logic.prefetch(command);
    }
}
