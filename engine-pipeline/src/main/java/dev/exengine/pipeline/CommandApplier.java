package dev.exengine.pipeline;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.event.EventListener;

/**
 * How the logic thread hands a command to the business logic. Production applies it directly; tests put a failing
 * step in between to prove what the engine does when the logic throws.
 */
@FunctionalInterface
interface CommandApplier
{
    CommandApplier DIRECT = BusinessLogicProcessor::apply;

    void apply(BusinessLogicProcessor logic, Command command, long sequence, long timestamp, EventListener listener);
}
