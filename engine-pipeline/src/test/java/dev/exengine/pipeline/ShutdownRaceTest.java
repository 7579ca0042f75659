package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.journal.JournalReader;
import dev.exengine.pipeline.config.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ACCEPTED promises the command is journaled and applied, also when the engine is being shut down meanwhile. */
class ShutdownRaceTest
{
    private static final int ROUNDS = 15;
    private static final int PRODUCERS = 3;

    @TempDir
    Path root;

    @Test
    void shouldJournalEveryCommandItAcceptedWhileShuttingDown() throws Exception
    {
        for (int round = 0; round < ROUNDS; round++)
        {
            final Path data = root.resolve("round-" + round);
            final Engine engine = Engine.start(
                new EngineConfig().dataDirectory(data).snapshotEveryCommands(0).snapshotOnClose(false));
            final AtomicLong accepted = new AtomicLong();
            final Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++)
            {
                final Command command = new Command().type(CommandType.ADD_ASSET).assetId(p + 1);
                producers[p] = new Thread(() ->
                {
                    SubmitResult result;
                    while ((result = engine.submit(1, command)) == SubmitResult.ACCEPTED ||
                        result == SubmitResult.BUSY)
                    {
                        if (result == SubmitResult.ACCEPTED)
                        {
                            accepted.incrementAndGet();
                        }
                    }
                });
                producers[p].start();
            }
            Thread.sleep(5 + round);
            engine.shutdown();
            for (final Thread producer : producers)
            {
                producer.join();
            }
            final long journaled;
            try (JournalReader reader = JournalReader.open(data.resolve("journal")))
            {
                journaled = reader.lastSequence();
            }
            assertEquals(accepted.get(), journaled, "round " + round + ": every ACCEPTED command is in the journal");
        }
    }
}
