package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The engine as a separate process for {@link KillRecoveryTest}: recovers from the data directory in the given
 * pipeline mode, continues the seeded {@link CommandFlow} where the journal ends, and prints {@code ACK <sequence>}
 * for every command whose first event left the engine, until it is killed.
 */
public final class KillTarget
{
    private KillTarget()
    {
    }

    public static void main(final String[] args)
    {
        final Path data = Path.of(args[0]);
        final long seed = Long.parseLong(args[1]);
        final PipelineMode mode = PipelineMode.valueOf(args[2]);
        final PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false);
        final long[] lastAcked = {0};
        final EngineOutput acks = new EngineOutput()
        {
            @Override
            public void onEvent(final Event event, final long origin)
            {
                if (event.sequence() > lastAcked[0])
                {
                    lastAcked[0] = event.sequence();
                    out.println("ACK " + event.sequence());
                }
            }

            @Override
            public void onBatchEnd()
            {
                out.flush();
            }
        };
        final EngineConfig config = new EngineConfig().dataDirectory(data).pipelineMode(mode)
            .snapshotEveryCommands(3_000);
        final Engine engine = Engine.start(config, acks);
        final CommandFlow flow = new CommandFlow(seed);
        final Command command = new Command();
        while (flow.index() < engine.recovery().lastSequence())
        {
            flow.next(command);
        }
        lastAcked[0] = engine.recovery().lastSequence();
        out.println("READY " + engine.recovery().lastSequence());
        out.flush();
        while (true)
        {
            flow.next(command);
            while (engine.submit(1, command) == SubmitResult.BUSY)
            {
                Thread.onSpinWait();
            }
        }
    }
}
