package dev.exengine.tool;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates a journal of -Dreplay.bench.commands commands (orders that rest, trade and get canceled) into
 * -Dreplay.bench.dir and times 'replay' on it. Not part of the normal test run.
 */
@EnabledIfSystemProperty(named = "replay.bench.commands", matches = "\\d+")
class ReplayRateBenchmark
{
    @Test
    void measureReplayRate()
    {
        final int total = Integer.getInteger("replay.bench.commands");
        final Path data = Path.of(System.getProperty("replay.bench.dir"));
        final List<Command> setup = new ArrayList<>(TestJournals.market().subList(0, 8));
        setup.add(new Command().type(CommandType.DEPOSIT).accountId(1).assetId(2).amount(Long.MAX_VALUE / 4));
        setup.add(new Command().type(CommandType.DEPOSIT).accountId(2).assetId(1).amount(Long.MAX_VALUE / 4));
        TestJournals.append(data, setup);
        final int chunk = 100_000;
        long written = setup.size();
        long clientOrderId = 1;
        while (written < total)
        {
            final List<Command> batch = new ArrayList<>(chunk);
            for (int i = 0; i < chunk; i++)
            {
                final long n = clientOrderId++;
                final long price = 5_000_000 + (n % 20) * 100;
                switch ((int)(n % 4))
                {
                    case 0, 1 -> batch.add(TestJournals.order(2, n, Side.SELL, price, 100_000 * (1 + n % 3)));
                    case 2 -> batch.add(TestJournals.order(1, n, Side.BUY, price, 100_000 * (1 + n % 2)));
                    default -> batch.add(new Command().type(CommandType.MASS_CANCEL).accountId(n % 8 == 3 ? 2 : 1));
                }
            }
            TestJournals.append(data, batch);
            written += chunk;
        }
        final ToolRun run = ToolRun.of("replay", data.toString());
        System.out.println(run.out() + run.err());
    }
}
