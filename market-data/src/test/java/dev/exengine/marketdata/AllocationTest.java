package dev.exengine.marketdata;

import com.sun.management.ThreadMXBean;
import dev.exengine.client.FeedListener;
import dev.exengine.client.OrderBookBuilder;
import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.event.Event;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feed's hot path allocates nothing per message after warm-up: the producer's derivation (FeedBuilder and its
 * books) and a subscriber's (OrderBookBuilder), on the events of a seeded run recorded beforehand. (A JFR allocation
 * profile of the same loop samples no allocation in either.)
 */
class AllocationTest
{
    private static final int WARM_UP = 300_000;
    private static final int MEASURED = 200_000;

    private final OrderBookBuilder subscriber = new OrderBookBuilder(new FeedListener()
    {
    });
    private final FeedBuilder builder = new FeedBuilder(this::onMessage);
    private long feedSequence;

    @Test
    void shouldAllocateNothingPerMessageAfterWarmUp()
    {
        final List<Event> events = record(WARM_UP + MEASURED);
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());

        final int warmUpEvents = events.size() * WARM_UP / (WARM_UP + MEASURED);
        run(events, 0, warmUpEvents);
        final long messagesBefore = feedSequence;
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        run(events, warmUpEvents, events.size());
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        final long messages = feedSequence - messagesBefore;

        assertTrue(messages > 100_000, messages + " messages");
        assertTrue(subscriber.isValid(), subscriber.invalidReason());
        // A book that grows past its size in the warm-up allocates (its index or a level array doubles, its pool of
        // orders takes a new one): less than a byte a message, where one object a message would be 16 or more.
        assertTrue(allocated < messages, () -> allocated + " bytes for " + messages + " messages");
    }

    private void run(final List<Event> events, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            builder.onEvent(events.get(i));
        }
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        subscriber.onSequenced(++feedSequence, buffer, offset, length);
    }

    /** The events of a seeded run on eight instruments (none added later: a new book allocates). */
    private static List<Event> record(final int commands)
    {
        final MarketFlow flow = new MarketFlow(99, 8, 8);
        final BusinessLogicProcessor engine = new BusinessLogicProcessor();
        final List<Event> events = new ArrayList<>();
        for (long sequence = 1; sequence <= commands; sequence++)
        {
            engine.apply(flow.next(), sequence, sequence, event ->
            {
                flow.onEvent(event);
                events.add(new Event().copyFrom(event));
            });
        }
        return events;
    }
}
