package dev.exengine.protocol.codec;

import com.sun.management.ThreadMXBean;
import dev.exengine.core.command.Command;
import dev.exengine.core.event.Event;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllocationTest
{
    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 100_000;

    private final UnsafeBuffer inbound = new UnsafeBuffer(new byte[ClientEncoder.MAX_MESSAGE_LENGTH]);
    private final UnsafeBuffer outbound = new UnsafeBuffer(new byte[OutboundEncoder.MAX_MESSAGE_LENGTH]);
    private final InboundDecoder inboundDecoder = new InboundDecoder();
    private final OutboundEncoder outboundEncoder = new OutboundEncoder();
    private final ClientDecoder clientDecoder = new ClientDecoder();
    private final Command command = new Command();
    private final Event received = new Event();
    private final Event accepted = OutboundEncoderTest.everyEvent().get(0);
    private final Event trade = OutboundEncoderTest.trade();
    private int inboundLength;

    @Test
    void shouldAllocateNothingPerMessageAfterWarmUp()
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        inboundLength = new ClientEncoder().encode(InboundDecoderTest.everyCommand().get(0), inbound, 0);

        long checksum = run(WARM_UP);
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        checksum += run(MEASURED);
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertTrue(checksum != 0);
        // A few hundred bytes of measurement noise at most; one allocation per message would be megabytes.
        assertTrue(allocated < 4_096, () -> allocated + " bytes for " + MEASURED + " messages");
    }

    private long run(final int messages)
    {
        long checksum = 0;
        for (int i = 0; i < messages; i++)
        {
            assertEquals(DecodeResult.MESSAGE, inboundDecoder.decode(inbound, 0, inboundLength, command));
            checksum += command.price();
            int length = outboundEncoder.encode(accepted, 11, outbound, 0);
            clientDecoder.decode(outbound, 0, length, received);
            checksum += received.orderId();
            length = outboundEncoder.encode(trade, 12, outbound, 0);
            clientDecoder.decode(outbound, 0, length, received);
            checksum += received.takerFee();
        }
        return checksum;
    }
}
