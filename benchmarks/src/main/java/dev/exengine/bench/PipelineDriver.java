package dev.exengine.bench;

import dev.exengine.core.command.Command;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.Engine;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs an in-process {@link Engine} on a scratch directory for the pipeline benchmark and the latency harness:
 * starts it, feeds it a recorded flow's setup, submits stream commands (spinning while the ring answers busy) and
 * tells how far the output has come (the journal sequence of the newest command whose first event it saw).
 */
final class PipelineDriver implements EngineOutput, AutoCloseable
{
    /** Receives the first event of each command on the output thread, with the command's index in the stream. */
    interface FirstEventListener
    {
        void onFirstEvent(long streamIndex);
    }

    private final Path directory;
    private final Engine engine;
    private final AtomicLong outputSequence = new AtomicLong();
    private final FirstEventListener listener;
    private long lastSeenSequence;
    private long streamBase;
    private long events;
    private long rejects;
    private long busy;

    /**
     * @param others more outputs for the engine, after this one (the market-data feed's).
     */
    PipelineDriver(final PipelineMode pipelineMode, final WaitProfile waitProfile, final DurabilityMode durability,
        final FirstEventListener listener, final EngineOutput... others)
    {
        this(pipelineMode, waitProfile, durability, 0, listener, others);
    }

    /**
     * @param journalPretouchAhead bytes of the journal's file kept touched ahead of the writer, 0 for none (see {@link
     *                             EngineConfig#journalPretouchAhead(long)}).
     * @param others               more outputs for the engine, after this one (the market-data feed's).
     */
    PipelineDriver(final PipelineMode pipelineMode, final WaitProfile waitProfile, final DurabilityMode durability,
        final long journalPretouchAhead, final FirstEventListener listener, final EngineOutput... others)
    {
        this.listener = listener;
        directory = TempDirectory.create("pipeline-bench");
        final EngineOutput[] outputs = new EngineOutput[others.length + 1];
        outputs[0] = this;
        System.arraycopy(others, 0, outputs, 1, others.length);
        engine = Engine.start(new EngineConfig().dataDirectory(directory).pipelineMode(pipelineMode)
            .waitProfile(waitProfile).durabilityMode(durability).snapshotEveryCommands(0).snapshotOnClose(false)
            .journalPretouchAhead(journalPretouchAhead),
            outputs);
    }

    /** The scratch directory the engine journals in: other outputs may keep their files beside. */
    Path directory()
    {
        return directory;
    }

    /** Submits the setup and waits until its last command was answered; stream indexes count from here. */
    void setup(final List<Command> setup)
    {
        for (final Command command : setup)
        {
            submit(command);
        }
        streamBase = setup.size();
        awaitSequence(streamBase);
    }

    void submit(final Command command)
    {
        SubmitResult result;
        while ((result = engine.submit(1, command)) == SubmitResult.BUSY)
        {
            busy++;
            // The ring is full: give the core to the engine's threads rather than spin against them on 2 cores.
            Thread.yield();
        }
        if (result != SubmitResult.ACCEPTED)
        {
            throw new IllegalStateException("engine answered " + result);
        }
    }

    /** Waits (yielding) until the output saw the first event of the stream command at this index. */
    void awaitStreamIndex(final long index)
    {
        awaitSequence(streamBase + index + 1);
    }

    private void awaitSequence(final long sequence)
    {
        while (outputSequence.get() < sequence)
        {
            if (engine.isHalted())
            {
                throw new IllegalStateException("engine halted");
            }
            Thread.yield();
        }
    }

    @Override
    public void onEvent(final Event event, final long origin)
    {
        events++;
        final EventType type = event.type();
        if (type == EventType.ORDER_REJECTED || type == EventType.CANCEL_REJECTED)
        {
            rejects++;
        }
        final long sequence = event.sequence();
        if (sequence != lastSeenSequence)
        {
            lastSeenSequence = sequence;
            if (listener != null && sequence > streamBase)
            {
                listener.onFirstEvent(sequence - streamBase - 1);
            }
            outputSequence.lazySet(sequence);
        }
    }

    String summary()
    {
        return String.format("events %d, rejects %d, busy retries %d, engine failures %d", events, rejects, busy,
            engine.failureCount());
    }

    @Override
    public void close()
    {
        engine.close();
        TempDirectory.delete(directory);
    }
}
