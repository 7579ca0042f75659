package dev.exengine.cluster;

import dev.exengine.core.command.Command;
import dev.exengine.core.port.CommandSink;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.storage.SequenceMark;
import org.agrona.CloseHelper;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One member of the cluster with the engine on it: its data directory checked ({@link MemberDirectory}), its journal
 * ({@link MemberJournal}), the {@link EngineService} that applies the log and hands events to the member's output,
 * the Aeron stack ({@link ClusterMember}) and the ingress through which the member's front ends submit
 * ({@link ClusterIngress}). A node wires its gateway to it in two steps:
 * <pre>
 *  open:   directory checked, journal opened (its end is what the gateway catches up to), ingress made
 *  launch: Aeron and the service start (the cluster replays the log from the member's snapshot), the ingress connects
 *          and proposes the member's SETUP; {@link #awaitSetUp} returns the session id the cluster decided
 *  close:  the ingress drains (what it sent is applied here), the member stops, the journal closes
 * </pre>
 */
public final class EngineMember implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(EngineMember.class.getName());
    /** A little longer than Aeron's mark files stay active after their process died (10 s). */
    private static final long IN_USE_WAIT_NS = TimeUnit.SECONDS.toNanos(15);

    private final ClusterSettings settings;
    private final MemberDirectory directory;
    private final MemberJournal journal;
    private final SequenceMark deliveredThrough;
    private final EngineService service;
    private final ClusterIngress ingress;
    private final long snapshotEvery;
    private volatile ClusterMember member;
    /** The applied sequence the next periodic snapshot counts from; -1 until the ingress first looks. */
    private long snapshotFrom = -1;
    private boolean closed;

    private EngineMember(final ClusterSettings settings, final MemberDirectory directory, final MemberJournal journal,
        final SequenceMark deliveredThrough, final EngineOutput output)
    {
        this.settings = settings;
        this.directory = directory;
        this.journal = journal;
        this.deliveredThrough = deliveredThrough;
        final LocalAcks acks = new LocalAcks();
        this.service = new EngineService(settings.memberId(), journal, output, acks, deliveredThrough);
        this.snapshotEvery = settings.snapshotEveryCommands();
        this.ingress = new ClusterIngress(settings, settings.aeronDirectory(), acks, () -> service.failure() != null,
            this::snapshotWhenDue);
    }

    /**
     * On the ingress's thread, every duty cycle: the leader asks for a snapshot (every member takes it at the same log
     * position) once {@code cluster.snapshot-every} commands were applied since the last one it asked for.
     */
    private int snapshotWhenDue()
    {
        final ClusterMember running = member;
        if (snapshotEvery == 0 || running == null)
        {
            return 0;
        }
        final long applied = service.appliedSequence();
        if (snapshotFrom < 0)
        {
            snapshotFrom = applied;
        }
        if (applied - snapshotFrom >= snapshotEvery && running.requestSnapshot())
        {
            snapshotFrom = applied;
            return 1;
        }
        return 0;
    }

    /**
     * Checks and opens the member's data directory ({@code dataDirectory/member-ID}) and journal.
     *
     * @param output where the service hands the events of the commands it applies.
     * @throws MemberRefusedException when the directory is another member's or cluster's, a single node's, or damaged.
     */
    public static EngineMember open(final ClusterSettings settings, final Path dataDirectory, final EngineOutput output)
    {
        final MemberDirectory directory = MemberDirectory.open(
            MemberDirectory.of(dataDirectory, settings.memberId()), settings.name(), settings.memberId());
        final MemberJournal journal;
        try
        {
            journal = new MemberJournal(directory.path(), settings.snapshotsToKeep());
        }
        catch (final MemberRefusedException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new MemberRefusedException("member " + settings.memberId() + " cannot open its journal in " +
                directory.journalDirectory() + ": " + ex.getMessage(), ex);
        }
        SequenceMark mark = null;
        try
        {
            mark = SequenceMark.open(directory.deliveredThrough());
            return new EngineMember(settings, directory, journal, mark, output);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(mark);
            journal.close();
            throw ex;
        }
    }

    public MemberDirectory directory()
    {
        return directory;
    }

    /** The journal's last sequence when the member opened: the commands whose events its gateway catches up on. */
    public long journalEnd()
    {
        return journal.endAtOpen();
    }

    /** Where the member's front ends submit commands. */
    public CommandSink ingress()
    {
        return ingress;
    }

    public ClusterIngress clusterIngress()
    {
        return ingress;
    }

    public EngineService service()
    {
        return service;
    }

    /** The Aeron member; null before {@link #launch}. */
    public ClusterMember member()
    {
        return member;
    }

    public ClusterSettings settings()
    {
        return settings;
    }

    /**
     * Starts the member's Aeron stack and service, and the ingress, which proposes this member's SETUP.
     *
     * @param sessionId the SoupBinTCP session id this member proposes (the cluster keeps the first one proposed).
     * @param market    the starting market it proposes.
     * @throws MemberRefusedException when Aeron refuses the member's directories.
     */
    public synchronized void launch(final String sessionId, final List<Command> market)
    {
        if (member != null || closed)
        {
            throw new IllegalStateException(closed ? "closed" : "already launched");
        }
        member = launchWhenFree();
        ingress.start(sessionId, market);
    }

    /**
     * Launches the Aeron stack, waiting while its directories are marked as in use: after a kill -9 Aeron refuses them
     * until the dead process's heartbeat is about 10 s old, and a member restarted at once would otherwise fail.
     */
    private ClusterMember launchWhenFree()
    {
        final long deadline = System.nanoTime() + IN_USE_WAIT_NS;
        while (true)
        {
            try
            {
                return ClusterMember.launch(settings, directory, service);
            }
            catch (final MemberInUseException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
                LOG.log(System.Logger.Level.WARNING, ex.getMessage() + " (trying again for up to " +
                    TimeUnit.NANOSECONDS.toSeconds(IN_USE_WAIT_NS) + " s)");
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    /**
     * Waits until the cluster's SETUP is applied here: the member has replayed its part of the log and takes commands.
     *
     * @return the SoupBinTCP session id the cluster decided.
     * @throws MemberRefusedException when the service halted (its journal disagrees with the log, say) or the member
     *                                was told to terminate.
     * @throws IllegalStateException  when the timeout passed first (no leader: a majority of members is not running).
     */
    public String awaitSetUp(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (true)
        {
            final Throwable failure = service.failure();
            if (failure != null)
            {
                throw failure instanceof MemberRefusedException refused ? refused : new MemberRefusedException(
                    "member " + settings.memberId() + " halted: " + failure.getMessage(), failure);
            }
            if (member.isTerminated())
            {
                throw new MemberRefusedException("member " + settings.memberId() + " was told to terminate");
            }
            final String sessionId = service.sessionId();
            if (sessionId != null && ingress.isReady())
            {
                return sessionId;
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("member " + settings.memberId() + " is not set up after " +
                    TimeUnit.NANOSECONDS.toSeconds(timeoutNs) + " s: no leader to connect to (a majority of the " +
                    settings.memberCount() + " members must run), or the log's replay is still under way");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Drains the ingress, then stops the member's service and Aeron stack, then closes the journal. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            ingress.close();
        }
        finally
        {
            try
            {
                CloseHelper.close(member);
            }
            finally
            {
                try
                {
                    journal.close();
                }
                finally
                {
                    deliveredThrough.close();
                    LOG.log(System.Logger.Level.INFO, "member " + settings.memberId() + " closed at journal sequence " +
                        service.appliedSequence());
                }
            }
        }
    }
}
