package dev.exengine.gateway.feed;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.EventHistory;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.stream.StoredStream;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.marketdata.FeedBuilder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The stored feed after a start, whatever an earlier run left stored: nothing, a prefix that ends inside a command's
 * messages (the process died between two appends), one that ends between commands, or all of it. The start derives
 * the journal's events again and appends exactly what is missing, so the store ends as the whole feed, each message
 * once, under its number.
 */
class FeedCatchUpTest
{
    @TempDir
    Path directory;

    private final List<Event> events = new ArrayList<>();
    private final List<byte[]> feed = new ArrayList<>();
    private long lastSequence;

    FeedCatchUpTest()
    {
        final BusinessLogicProcessor engine = new BusinessLogicProcessor();
        final List<Command> commands = new ArrayList<>(List.of(
            new Command().type(CommandType.ADD_ASSET).assetId(1).scale(0),
            new Command().type(CommandType.ADD_ASSET).assetId(2).scale(0),
            new Command().type(CommandType.OPEN_ACCOUNT).accountId(1),
            new Command().type(CommandType.OPEN_ACCOUNT).accountId(2),
            new Command().type(CommandType.DEPOSIT).accountId(1).assetId(2).amount(1_000_000_000),
            new Command().type(CommandType.DEPOSIT).accountId(2).assetId(1).amount(1_000_000_000),
            new Command().type(CommandType.ADD_INSTRUMENT).instrumentId(1).baseAssetId(1).quoteAssetId(2).tickSize(1)
                .lotSize(1).tickValue(1).minQuantity(1).maxQuantity(1_000).feeAccountId(1)));
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 400; i++)
        {
            final boolean buy = random.nextBoolean();
            commands.add(new Command().type(CommandType.NEW_ORDER).accountId(buy ? 1 : 2).instrumentId(1)
                .clientOrderId(i).side(buy ? Side.BUY : Side.SELL).orderType(OrderType.LIMIT)
                .timeInForce(TimeInForce.GTC).price(100 + random.nextInt(11) - 5).quantity(1 + random.nextInt(20)));
        }
        final FeedBuilder reference = new FeedBuilder((buffer, offset, length) ->
        {
            final byte[] message = new byte[length];
            buffer.getBytes(offset, message);
            feed.add(message);
        });
        for (final Command command : commands)
        {
            engine.apply(command, ++lastSequence, lastSequence * 1_000_000_000L, event ->
            {
                events.add(new Event().copyFrom(event));
                reference.onEvent(event);
            });
        }
    }

    @Test
    void shouldDeriveTheWholeFeedIntoAnEmptyStore()
    {
        assertStoredAfterStart(0);
    }

    @Test
    void shouldAppendTheRestOfACommandWhoseMessagesWereStoredInPart()
    {
        final int cut = firstCutInsideACommand();
        assertStoredAfterStart(cut);
    }

    @Test
    void shouldAppendNothingTwiceWhenEverythingIsStored()
    {
        assertStoredAfterStart(feed.size());
    }

    @Test
    void shouldGoOnAtACommandBoundary()
    {
        assertStoredAfterStart(feed.size() / 2);
    }

    private void assertStoredAfterStart(final int stored)
    {
        final Path data = directory.resolve("market-data");
        try (FeedStore store = FeedStore.open(data.resolve("feed")))
        {
            for (int i = 0; i < stored; i++)
            {
                store.append(new UnsafeBuffer(feed.get(i)), 0, feed.get(i).length);
                if (i % 7 == 6)
                {
                    // Documents of several messages, as a busy run writes them.
                    store.flush();
                }
            }
        }
        final FeedServer server = new FeedServer(new FeedConfig().port(new GatewayConfig().dataDirectory(data)
            .users(UserDirectory.of())));
        try
        {
            server.start(this::replay, lastSequence);
            assertEquals(feed.size(), server.lastSequence());
        }
        finally
        {
            server.close();
        }
        try (FeedStore store = FeedStore.open(data.resolve("feed"));
            StoredStream.Cursor cursor = store.cursor())
        {
            assertEquals(feed.size() + 1, store.nextSequence(), "every message once");
            final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
            cursor.seek(1);
            for (int i = 0; i < feed.size(); i++)
            {
                final int length = cursor.read(message, 0, 256);
                final byte[] bytes = new byte[length];
                message.getBytes(0, bytes);
                assertEquals(Arrays.toString(feed.get(i)), Arrays.toString(bytes), "feed message " + (i + 1));
            }
        }
    }

    /** The journal's events, as the node's {@link EventHistory} replays them. */
    private void replay(final long afterSequence, final long throughSequence, final EngineOutput output)
    {
        for (final Event event : events)
        {
            if (event.sequence() > afterSequence && event.sequence() <= throughSequence)
            {
                output.onEvent(event, 0);
            }
        }
        output.onBatchEnd();
    }

    /** A number of messages that ends between two messages of one command. */
    private int firstCutInsideACommand()
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[0]);
        for (int i = 1; i < feed.size(); i++)
        {
            message.wrap(feed.get(i - 1));
            final long previous = message.getLong(8);
            message.wrap(feed.get(i));
            if (message.getLong(8) == previous)
            {
                return i;
            }
        }
        throw new IllegalStateException("no command made two messages");
    }
}
