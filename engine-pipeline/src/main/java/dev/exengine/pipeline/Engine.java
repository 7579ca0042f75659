package dev.exengine.pipeline;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.port.CommandClaim;
import dev.exengine.core.port.CommandSink;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.logging.AuditLog;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.replay.CommandApplier;
import dev.exengine.replay.JournalReplay;
import dev.exengine.replay.RecoveryException;
import dev.exengine.replay.ReplayResult;
import net.openhft.affinity.AffinityLock;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

/**
 * The engine in one process: recovery at start, then an input ring (Disruptor) consumed by the journaller and the
 * business logic, an output ring drained by the durability gate into the registered {@link EngineOutput}s, and a
 * snapshot writer. Front ends drive it through the port it implements ({@link CommandSink}); the node, tests and benchmarks start
 * and stop it here.
 *
 * <pre>
 *  submit() ──> input ring ──┬──> Journaller (Chronicle Queue) ── durable sequence ──┐
 *                            └──> LogicProcessor ──> output ring ──> OutputDispatcher (gate) ──> outputs
 * </pre>
 * In {@link PipelineMode#SERIAL} the logic consumes behind the journaller instead, every command it sees is durable,
 * and it delivers to the outputs itself: one thread and one handoff fewer. {@link PipelineMode#INLINE} runs the
 * journaller and the logic on one thread ({@link InlineProcessor}): journal and commit a batch, then apply it.
 * {@link #submit} allocates nothing.
 */
public final class Engine implements CommandSink, CommandClaim.Slots, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 30;
    private static final long STANDBY_CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long REFUSED_BUSY = -1;
    private static final long REFUSED_HALTED = -2;
    private static final long REFUSED_CLOSED = -3;

    private enum State
    {
        RUNNING, HALTED, CLOSING, CLOSED
    }

    private final EngineConfig config;
    /** The recovery and every snapshot, in the audit log: never written from the logic thread. */
    private final AuditLog audit = new AuditLog();
    /** How the logic thread, the start-up replay and the rebuilds after a failed command apply a command. */
    private final CommandApplier applier;
    private final ReplayResult recovery;
    /** Recovery, the snapshot writer and a rebuild after a failed command all use this one store. */
    private final SnapshotStore snapshots;
    private final CommandJournal journal;
    private final SnapshotWriter snapshotWriter;
    /** Null when hosted. */
    private final Disruptor<InputSlot> inputDisruptor;
    /** The pipeline a host thread runs, when the engine is hosted; null when it runs its own threads. */
    private final HostedPipeline hosted;
    private final Disruptor<OutputSlot> outputDisruptor;
    private final RingBuffer<InputSlot> input;
    private final Journaller journaller;
    private final LogicProcessor logicProcessor;
    private final OutputDispatcher outputDispatcher;
    private final EpochNanoClock clock;
    private final EngineMetrics metrics;
    private final AtomicLong failureCount = new AtomicLong();
    /** The journal's last sequence once the start has journaled what it had to (skips found in the replay). */
    private final long lastSequenceAtStart;
    private volatile State state = State.RUNNING;
    /** When {@link #shutdown} began, for how long a close waits for a standby that does not answer. */
    private volatile long closingSinceNanos;

    private Engine(final EngineConfig config, final List<EngineOutput> outputs, final CommandApplier applier)
    {
        this.config = config.validate();
        this.applier = applier;
        this.clock = config.clock();
        this.metrics = new EngineMetrics(config.metrics() == null ? MetricCounters.inMemory() : config.metrics(),
            config.inputRingSize());
        this.snapshots = SnapshotStore.open(config.snapshotDirectory());
        // Everything started so far, for the clean-up should a later step fail (an Error included).
        CommandJournal openedJournal = null;
        SnapshotWriter writer = null;
        Disruptor<InputSlot> inputRing = null;
        Disruptor<OutputSlot> outputRing = null;
        try
        {
            final EngineRecovery.Recovered start = EngineRecovery.recover(config, snapshots, applier, metrics, audit);
            openedJournal = start.journal();
            final ReplayResult recovered = start.replay();
            this.recovery = recovered;
            this.lastSequenceAtStart = openedJournal.nextSequence() - 1;

            final Failures failures = new EngineFailures();
            final boolean parallel = config.pipelineMode() == PipelineMode.PARALLEL;
            // Disruptor's drain at close skips a consumer whose thread has not begun to run: start waits for all.
            // INLINE runs both the journaller's and the logic's start on its one thread: two counts as in SERIAL.
            final CountDownLatch consumersStarted = new CountDownLatch(parallel ? 3 : 2);
            final Journaller journalling = new Journaller(openedJournal, recovered.lastTimestamp(), config.progress(),
                consumersStarted, metrics);
            final Sequence durable = journalling.durableSequence();
            writer = new SnapshotWriter(snapshots, config.snapshotsToKeep(), durable, failures, metrics,
                audit.event("snapshot", Level.INFO), this::wakeLogic);

            final Outputs delivery = new Outputs(outputs, failures);
            final EventSink sink;
            final OutputDispatcher dispatcher;
            if (parallel)
            {
                outputRing = new Disruptor<>(OutputSlot::new, config.outputRingSize(),
                    threads("exengine-output", config.waitProfile().pinsThreads()), ProducerType.SINGLE,
                    config.waitProfile().newWaitStrategy());
                final boolean gated = config.durabilityMode() != DurabilityMode.MEMORY;
                dispatcher = new OutputDispatcher(delivery, gated ? durable : null,
                    config.waitProfile().newIdleStrategy(), consumersStarted, metrics, clock, config.outputRingSize());
                outputRing.handleEventsWith(dispatcher);
                outputRing.setDefaultExceptionHandler(new HaltingExceptionHandler<>("output", failures));
                sink = new EventSink.Ring(outputRing.getRingBuffer());
            }
            else if (config.durabilityMode() == DurabilityMode.REPLICATED)
            {
                // Durable here already, but released only once the standby has the batch too.
                dispatcher = null;
                final EventSink.Replicated replicated = new EventSink.Replicated(delivery, config.replicationGate(),
                    config.waitProfile().newIdleStrategy(), this::givesUpOnTheStandby);
                config.replicationGate().onAdvance(replicated::wake);
                sink = replicated;
            }
            else
            {
                // Behind the journaller (SERIAL) or after it on the same thread (INLINE) every command is durable
                // already: deliver on the logic thread, no gate.
                dispatcher = null;
                sink = new EventSink.Direct(delivery);
            }

            final RingBuffer<InputSlot> ring;
            if (config.hosted())
            {
                // No thread waits on this ring's barrier (the host polls it): a wait strategy whose signal is free.
                ring = RingBuffer.createMultiProducer(InputSlot::new, config.inputRingSize(),
                    new BusySpinWaitStrategy());
            }
            else
            {
                inputRing = new Disruptor<>(InputSlot::new, config.inputRingSize(),
                    threads("exengine-input", config.waitProfile().pinsThreads()), ProducerType.MULTI,
                    config.waitProfile().newWaitStrategy());
                ring = inputRing.getRingBuffer();
            }
            final LogicProcessor logic = new LogicProcessor(applier, ring, recovered.logic(),
                lastSequenceAtStart, recovered.lastTimestamp(), sink, writer, config.snapshotEveryCommands(),
                this::rebuildWithout, this::tryJournalSkip, config.progress(), failures, consumersStarted, metrics,
                clock, !parallel);
            final int segment = InlineProcessor.segmentFor(config.durabilityMode() == DurabilityMode.FSYNC,
                config.inputRingSize());
            if (config.hosted())
            {
                // validate(): INLINE only.
                this.hosted = new HostedPipeline(new InlineProcessor(journalling, logic, ring, segment), ring, failures);
            }
            else
            {
                this.hosted = null;
                switch (config.pipelineMode())
                {
                    case PARALLEL -> inputRing.handleEventsWith(journalling, logic);
                    case SERIAL -> inputRing.handleEventsWith(journalling).then(logic);
                    case INLINE -> inputRing.handleEventsWith(new InlineProcessor(journalling, logic, ring, segment));
                    default -> throw new IllegalStateException("unknown pipeline mode " + config.pipelineMode());
                }
                inputRing.setDefaultExceptionHandler(new HaltingExceptionHandler<>("pipeline", failures));
            }
            this.journal = openedJournal;
            this.journaller = journalling;
            this.snapshotWriter = writer;
            this.outputDisruptor = outputRing;
            this.outputDispatcher = dispatcher;
            this.inputDisruptor = inputRing;
            this.logicProcessor = logic;
            if (outputRing != null)
            {
                outputRing.start();
            }
            if (inputRing != null)
            {
                this.input = inputRing.start();
                awaitStarted(consumersStarted);
            }
            else
            {
                // Hosted: the pipeline starts with the host's first duty cycle.
                this.input = ring;
            }
        }
        catch (final Throwable failure)
        {
            closeAfterFailedStart(failure, openedJournal, writer, inputRing, outputRing);
            throw failure;
        }
    }

    /** Stops and closes what a failed start had begun, oldest last; what fails on the way is added to the failure. */
    private static void closeAfterFailedStart(
        final Throwable failure, final CommandJournal journal, final SnapshotWriter writer,
        final Disruptor<InputSlot> inputRing, final Disruptor<OutputSlot> outputRing)
    {
        final List<Runnable> steps = new ArrayList<>();
        if (inputRing != null)
        {
            steps.add(inputRing::halt);
        }
        if (outputRing != null)
        {
            steps.add(outputRing::halt);
        }
        if (writer != null)
        {
            steps.add(writer::close);
        }
        if (journal != null)
        {
            steps.add(journal::close);
        }
        for (final Runnable step : steps)
        {
            try
            {
                step.run();
            }
            catch (final RuntimeException | Error ex)
            {
                // Every step runs: the journal's lock must be released even when a ring will not halt.
                failure.addSuppressed(ex);
            }
        }
    }

    /**
     * Recovers the state from the newest valid snapshot and the journal, then starts the pipeline.
     *
     * @param outputs receive every event, in order, once its command is durable: on the output thread (PARALLEL) or
     *                on the logic thread (SERIAL, INLINE). They must not block.
     * @throws RecoveryException when the journal or the snapshots cannot be trusted; nothing is started then.
     */
    public static Engine start(final EngineConfig config, final EngineOutput... outputs)
    {
        return new Engine(config, List.of(outputs), CommandApplier.DIRECT);
    }

    /**
     * Starts with a step between the logic thread and the business logic, for tests that make the logic fail.
     */
    static Engine start(final EngineConfig config, final CommandApplier applier, final EngineOutput... outputs)
    {
        return new Engine(config, List.of(outputs), applier);
    }

    /**
     * Puts a copy of the command into the input ring: the caller may reuse it at once. Never blocks.
     */
    @Override
    public SubmitResult submit(final long origin, final Command command)
    {
        if (!CommandClaim.isEncodable(command))
        {
            throw new IllegalArgumentException("incomplete command: " + command);
        }
        final long sequence = claim();
        if (sequence < 0)
        {
            return refusal(sequence);
        }
        final InputSlot slot = input.get(sequence);
        slot.set(InputSlot.Kind.COMMAND, origin, clock.nanoTime());
        slot.command.copyFrom(command);
        commit(sequence);
        return SubmitResult.ACCEPTED;
    }

    /**
     * On a standby: puts a record of the primary's journal into the input ring, to be journaled with the primary's
     * sequence, timestamp and origin (the record here is byte for byte the primary's) and applied as the primary
     * decided. Never blocks: {@link SubmitResult#BUSY} when the ring is full.
     *
     * @throws IllegalArgumentException when the payload is not a command this version understands; nothing is taken.
     */
    public SubmitResult offerReplicated(
        final long journalSequence, final long timestamp, final long origin, final DirectBuffer payload,
        final int offset, final int length, final PrimaryDecision decision)
    {
        if (length > CommandCodec.MAX_ENCODED_LENGTH)
        {
            throw new IllegalArgumentException("replicated record " + journalSequence + " holds " + length +
                " bytes: no command is that long");
        }
        final long sequence = claim();
        if (sequence < 0)
        {
            return refusal(sequence);
        }
        final InputSlot slot = input.get(sequence);
        slot.encodedView.putBytes(0, payload, offset, length);
        if (CommandCodec.decode(slot.encodedView, 0, length, slot.command) == CommandCodec.MALFORMED)
        {
            abort(sequence);
            throw new IllegalArgumentException("replicated record " + journalSequence + " holds no command this " +
                "version understands");
        }
        slot.set(InputSlot.Kind.REPLICATED, origin, timestamp);
        slot.encodedLength = length;
        slot.journalSequence = journalSequence;
        slot.decision = decision;
        publish(sequence);
        return SubmitResult.ACCEPTED;
    }

    /**
     * @return the journal sequence through which the journal is durable under this engine's mode; safe from any
     * thread.
     */
    public long durableJournalSequence()
    {
        return journaller.durableJournalSequence().get();
    }

    /**
     * Claims an input-ring slot for a command written in place. Never blocks.
     */
    @Override
    public SubmitResult tryClaim(final long origin, final CommandClaim claim)
    {
        final long sequence = claim();
        if (sequence < 0)
        {
            return refusal(sequence);
        }
        final InputSlot slot = input.get(sequence);
        slot.set(InputSlot.Kind.COMMAND, origin, clock.nanoTime());
        claim.wrap(this, sequence, slot.command);
        return SubmitResult.ACCEPTED;
    }

    /** Publishes a claimed slot's command, encoded for the journal when the journal takes it. */
    @Override
    public void commit(final long sequence)
    {
        final InputSlot slot = input.get(sequence);
        if (slot.isJournaled())
        {
            slot.encodedLength = CommandCodec.encode(slot.command, slot.encodedView, 0);
        }
        publish(sequence);
    }

    /** Makes a claimed slot visible to the consumers; a hosted pipeline's host is woken if it sleeps. */
    private void publish(final long sequence)
    {
        input.publish(sequence);
        if (hosted != null)
        {
            hosted.published();
        }
    }

    /** Publishes a claimed slot as one every consumer passes over. */
    @Override
    public void abort(final long sequence)
    {
        input.get(sequence).kind = InputSlot.Kind.VOID;
        publish(sequence);
    }

    /**
     * Asks for a snapshot at this point of the command stream; it is written in the background.
     */
    @Override
    public SubmitResult requestSnapshot()
    {
        final long sequence = claim();
        if (sequence < 0)
        {
            return refusal(sequence);
        }
        input.get(sequence).set(InputSlot.Kind.SNAPSHOT, 0, clock.nanoTime());
        publish(sequence);
        return SubmitResult.ACCEPTED;
    }

    /**
     * @return the pipeline a host thread runs ({@link EngineConfig#hosted}), or null when the engine runs its own
     * threads. The host calls its duty cycle from then on; nothing is journaled or applied before it does.
     */
    public HostedPipeline hostedPipeline()
    {
        return hosted;
    }

    /**
     * @return how the state was recovered at start.
     */
    public ReplayResult recovery()
    {
        return recovery;
    }

    public EngineConfig config()
    {
        return config;
    }

    /** What the engine counts and times: in the node's counters file on a node, in memory otherwise. */
    public EngineMetrics metrics()
    {
        return metrics;
    }

    @Override
    public boolean isHalted()
    {
        return state == State.HALTED;
    }

    /**
     * @return failures reported since start (commands that threw, outputs that threw, halts).
     */
    public long failureCount()
    {
        return failureCount.get();
    }

    /**
     * @return snapshots written since start.
     */
    public long snapshotsWritten()
    {
        return snapshotWriter.written();
    }

    /**
     * Stops taking commands, drains what is in the rings, takes a snapshot (unless configured off or halted) and
     * closes the journal. Call once from one thread; later calls return at once.
     *
     * @return the state hash at the end, from the logic's final state.
     */
    public long shutdown()
    {
        final State before = state;
        if (before == State.CLOSING || before == State.CLOSED)
        {
            return logicProcessor.logic().stateHash();
        }
        closingSinceNanos = System.nanoTime();
        state = State.CLOSING;
        // Orders the write above before the drain's read of the ring's claim cursor (see claim).
        VarHandle.fullFence();
        try
        {
            try
            {
                if (hosted != null)
                {
                    if (!hosted.drainAndStop(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS,
                        config.waitProfile().newIdleStrategy()))
                    {
                        throw TimeoutException.INSTANCE;
                    }
                }
                else
                {
                    inputDisruptor.shutdown(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
                if (outputDisruptor != null)
                {
                    outputDisruptor.shutdown(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            }
            catch (final TimeoutException ex)
            {
                LOG.log(System.Logger.Level.ERROR, "pipeline did not drain within " + SHUTDOWN_TIMEOUT_SECONDS +
                    " s; halting it", ex);
                stopReleasing();
                haltRings();
            }
            if (config.snapshotOnClose() && before == State.RUNNING && logicProcessor.lastJournalSequence() > 0)
            {
                logicProcessor.snapshotNow();
            }
            return logicProcessor.logic().stateHash();
        }
        finally
        {
            snapshotWriter.close();
            journal.close();
            state = State.CLOSED;
        }
    }

    @Override
    public void close()
    {
        shutdown();
    }

    /**
     * @return the journal sequence through which every command is decided (applied, or left out with its
     * SKIP_COMMAND record journaled at or before it); safe from any thread.
     */
    public long decidedSequence()
    {
        return logicProcessor.decidedSequence();
    }

    /**
     * Whether a batch stops waiting for the standby: once the engine halted, or a close has waited
     * {@link #STANDBY_CLOSE_WAIT_NANOS} for it (what the batch caused is then never released, and the engine halts).
     */
    private boolean givesUpOnTheStandby()
    {
        final State now = state;
        return now == State.HALTED ||
            now == State.CLOSING && System.nanoTime() - closingSinceNanos > STANDBY_CLOSE_WAIT_NANOS;
    }

    /**
     * Puts a SKIP_COMMAND record into the input ring, from the logic thread, without waiting; its origin is the
     * engine's own (0).
     */
    private boolean tryJournalSkip(final long skippedSequence)
    {
        final long sequence = claim();
        if (sequence < 0)
        {
            return false;
        }
        final InputSlot slot = input.get(sequence);
        slot.set(InputSlot.Kind.COMMAND, 0, clock.nanoTime());
        slot.command.reset().type(CommandType.SKIP_COMMAND).skippedSequence(skippedSequence);
        commit(sequence);
        return true;
    }

    private BusinessLogicProcessor rebuildWithout(final long journalSequence, final long inputSequence)
    {
        final Sequence durable = journaller.durableSequence();
        final IdleStrategy idle = config.waitProfile().newIdleStrategy();
        while (durable.get() < inputSequence)
        {
            if (state == State.HALTED)
            {
                throw new RecoveryException("journal stopped before sequence " + journalSequence + " was durable");
            }
            idle.idle();
        }
        // Every other command up to it was applied (by this run or the one that took the snapshot): one that fails now
        // leaves no state that clients saw, and the engine halts. Its own SKIP_COMMAND record is journaled after it.
        return JournalReplay.of(config.journalDirectory()).snapshots(snapshots).applier(applier)
            .skipping(journalSequence).untilSequence(journalSequence).failFast().run().logic();
    }

    /**
     * Claims an input-ring slot while the engine runs.
     *
     * <p>The state is read again after the claim: {@link #shutdown} sets CLOSING and then waits for every claimed slot
     * (the ring's cursor counts claims) to be consumed before it stops the consumers, so a producer that claims after
     * that wait began sees CLOSING here (both are volatile: one of the two sees the other). Its slot is published as
     * one every consumer passes over. Without this second look a producer that read RUNNING just before the shutdown
     * could publish into stopped consumers and answer ACCEPTED for a command that is never journaled.
     *
     * @return the claimed input-ring sequence, or a negative code for {@link #refusal}: the engine is not running,
     * or the ring is full.
     */
    private long claim()
    {
        if (state != State.RUNNING)
        {
            return refusedByState();
        }
        final long sequence;
        try
        {
            sequence = input.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return REFUSED_BUSY;
        }
        if (state != State.RUNNING)
        {
            publishEmpty(sequence);
            return refusedByState();
        }
        return sequence;
    }

    /**
     * Puts an empty slot in the input ring: the logic, at it, takes a snapshot that came due while the writer was busy
     * (on the writer's thread). When the ring is full, or the engine stopping, nothing is needed: commands come.
     */
    private void wakeLogic()
    {
        final long sequence = claim();
        if (sequence >= 0)
        {
            publishEmpty(sequence);
        }
    }

    /** Publishes a claimed slot as one every consumer passes over (a logic that meets it retries a due snapshot). */
    private void publishEmpty(final long sequence)
    {
        input.get(sequence).set(InputSlot.Kind.VOID, 0, clock.nanoTime());
        publish(sequence);
    }

    private long refusedByState()
    {
        return state == State.HALTED ? REFUSED_HALTED : REFUSED_CLOSED;
    }

    private static SubmitResult refusal(final long code)
    {
        return code == REFUSED_BUSY ? SubmitResult.BUSY :
            code == REFUSED_HALTED ? SubmitResult.HALTED : SubmitResult.CLOSED;
    }

    private static void awaitStarted(final CountDownLatch consumersStarted)
    {
        try
        {
            if (!consumersStarted.await(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the engine's threads did not start within " +
                    SHUTDOWN_TIMEOUT_SECONDS + " s");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engine's threads were starting", ex);
        }
    }

    /** Stops the rings' consumer threads where they are, without draining. */
    private void haltRings()
    {
        if (hosted != null)
        {
            hosted.stop();
        }
        else
        {
            inputDisruptor.halt();
        }
        if (outputDisruptor != null)
        {
            outputDisruptor.halt();
        }
    }

    /** After a halt nothing more may change or leave: the logic stops, and so does the output ring's consumer. */
    private void stopReleasing()
    {
        logicProcessor.halt();
        if (outputDispatcher != null)
        {
            outputDispatcher.stop();
        }
    }

    private static ThreadFactory threads(final String prefix, final boolean pinned)
    {
        final AtomicInteger count = new AtomicInteger();
        return runnable ->
        {
            final Runnable body = pinned ? () -> runPinned(runnable) : runnable;
            final Thread thread = new Thread(body, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Holds a CPU for the thread's whole life; with no CPU left to reserve it runs unpinned, and says so. */
    private static void runPinned(final Runnable runnable)
    {
        try (AffinityLock lock = AffinityLock.acquireLock())
        {
            final String name = Thread.currentThread().getName();
            if (lock.isAllocated())
            {
                LOG.log(System.Logger.Level.INFO, name + " pinned to CPU " + lock.cpuId());
            }
            else
            {
                LOG.log(System.Logger.Level.WARNING, name + " runs unpinned: no CPU left to reserve");
            }
            runnable.run();
        }
    }

    private final class EngineFailures implements Failures
    {
        @Override
        public void onFailure(final String what, final Throwable cause)
        {
            failureCount.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, what, cause);
        }

        @Override
        public void onHalt(final String what, final Throwable cause)
        {
            failureCount.incrementAndGet();
            state = State.HALTED;
            stopReleasing();
            LOG.log(System.Logger.Level.ERROR, "ENGINE HALTED, no further commands are taken: " + what, cause);
        }
    }

    /** An exception that escapes a ring consumer means the pipeline can no longer be trusted: halt, loudly. */
    private static final class HaltingExceptionHandler<T> implements ExceptionHandler<T>
    {
        private final String ring;
        private final Failures failures;

        HaltingExceptionHandler(final String ring, final Failures failures)
        {
            this.ring = ring;
            this.failures = failures;
        }

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final T event)
        {
            failures.onHalt(ring + " consumer failed at ring sequence " + sequence, ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            failures.onHalt(ring + " consumer failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            failures.onFailure(ring + " consumer failed to shut down", ex);
        }
    }
}
