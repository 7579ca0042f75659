package dev.exengine.core;

import dev.exengine.core.book.Order;
import dev.exengine.core.command.Side;
import dev.exengine.core.event.Event;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import static dev.exengine.core.TestExchange.PLAIN;
import static dev.exengine.core.TestExchange.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A command the logic cannot finish (a bug, injected here by corrupting a resting order) must not leak the events it
 * made before it failed: the first trade of a sweep happened in memory, but no client may hear of it, since the
 * engine rebuilds its state without the command.
 */
class FailedCommandTest
{
    @Test
    void shouldHandNoEventOfACommandThatFailsPartWay() throws ReflectiveOperationException
    {
        final TestExchange exchange = TestExchange.standard();
        exchange.apply(limit(2, PLAIN, 1, Side.SELL, 100, 2));
        exchange.apply(limit(2, PLAIN, 2, Side.SELL, 101, 3));
        corruptOwner(exchange.blp, 2);
        final List<String> heard = new ArrayList<>();

        assertThrows(NullPointerException.class, () ->
            exchange.blp.apply(limit(1, PLAIN, 7, Side.BUY, 101, 4), 10, 10, event -> heard.add(event.toString())));

        assertEquals(List.of(), heard, "events of the failed command");
    }

    @Test
    void shouldHandTheEventsOfTheNextCommandOnly() throws ReflectiveOperationException
    {
        final TestExchange exchange = TestExchange.standard();
        exchange.apply(limit(2, PLAIN, 1, Side.SELL, 100, 2));
        exchange.apply(limit(2, PLAIN, 2, Side.SELL, 101, 3));
        corruptOwner(exchange.blp, 2);
        assertThrows(NullPointerException.class, () ->
            exchange.blp.apply(limit(1, PLAIN, 7, Side.BUY, 101, 4), 10, 10, event -> { }));
        final List<Event> heard = new ArrayList<>();

        exchange.blp.apply(limit(3, PLAIN, 8, Side.BUY, 1, 1), 11, 11, event -> heard.add(new Event().copyFrom(event)));

        assertEquals(2, heard.size(), heard.toString());
        heard.forEach(event -> assertEquals(11, event.sequence(), event.toString()));
        assertEquals(3, heard.get(0).accountId());
    }

    /** Sets the account of a resting order to null: the matcher then fails when it settles a trade with it. */
    private static void corruptOwner(final BusinessLogicProcessor blp, final long orderId)
        throws ReflectiveOperationException
    {
        final Field stateField = BusinessLogicProcessor.class.getDeclaredField("state");
        stateField.setAccessible(true);
        final Order order = ((EngineState)stateField.get(blp)).liveOrders().get(orderId);
        final Field account = Order.class.getDeclaredField("account");
        account.setAccessible(true);
        account.set(order, null);
    }
}
