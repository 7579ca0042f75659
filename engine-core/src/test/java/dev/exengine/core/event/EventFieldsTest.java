package dev.exengine.core.event;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.reference.CommandGenerator;
import dev.exengine.core.reference.ReferenceExchange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventFieldsTest
{
    private static final int COMMANDS = 50_000;
    private static final Set<String> EVERY_EVENT = Set.of("sequence", "timestamp", "commandType");

    @Test
    void shouldListEveryFieldTheEngineSetsOnTheEventsOfARandomRun()
    {
        final ReferenceExchange model = new ReferenceExchange();
        final CommandGenerator generator = new CommandGenerator(42, model);
        final BusinessLogicProcessor logic = new BusinessLogicProcessor();
        final Set<EventType> seen = EnumSet.noneOf(EventType.class);
        final List<String> ignored = new ArrayList<>();
        for (int i = 1; i <= COMMANDS; i++)
        {
            final Command command = generator.next();
            model.apply(command, i, i, ignored);
            ignored.clear();
            logic.apply(command, i, i, event ->
            {
                seen.add(event.type());
                final Set<String> fields = EventFields.of(event.type(), event.commandType());
                for (final String word : event.toString().split(" "))
                {
                    final String name = word.split("=")[0];
                    assertTrue(name.equals(event.type().name()) || EVERY_EVENT.contains(name) || fields.contains(name),
                        () -> name + " is not among the fields of " + event.type() + " answering " +
                            event.commandType() + ": " + event);
                }
            });
        }
        assertEquals(EnumSet.allOf(EventType.class), seen, "the run produces every event type");
    }
}
