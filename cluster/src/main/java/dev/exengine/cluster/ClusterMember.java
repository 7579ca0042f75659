package dev.exengine.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.NanosecondClusterClock;
import io.aeron.cluster.codecs.AdminRequestType;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.security.AuthorisationService;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.File;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One member of the cluster in this process: Aeron's media driver, archive and consensus module, and the container
 * that runs the engine's {@link ClusteredService}, each with its directory under the member's data directory
 * ({@link MemberDirectory}) and every setting from {@link ClusterSettings}. Started in that order and closed in the
 * reverse one.
 *
 * <p>Reads the member's state for operators and tests at any time, from any thread: its role, the election, the
 * leadership term, the commit position, the snapshots taken.
 */
public final class ClusterMember implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(ClusterMember.class.getName());
    private static final String IPC_CONTROL = "aeron:ipc?term-length=64k";

    private final ClusterSettings settings;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** Set as the close begins: the counters below live in the media driver's memory, which the close unmaps. */
    private volatile boolean closed;

    private ClusterMember(final ClusterSettings settings, final MemberDirectory directory,
        final ClusteredService service)
    {
        this.settings = settings;
        final int id = settings.memberId();
        final String aeronDirectory = settings.aeronDirectory();
        final ErrorHandler errors = error -> LOG.log(System.Logger.Level.WARNING, "member " + id + ": " + error);
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory)
            .threadingMode(settings.waitMode() == ClusterSettings.Wait.LOW_LATENCY ?
                ThreadingMode.DEDICATED : ThreadingMode.SHARED)
            .sharedIdleStrategy(idleStrategy(settings).get())
            .sharedThreadFactory(threads("exengine-aeron-driver-" + id))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(settings.driverTermLength())
            .ipcTermBufferLength(settings.driverTermLength())
            .dirDeleteOnStart(false)
            .dirDeleteOnShutdown(true)
            .errorHandler(errors);
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDirectory)
            .archiveId(id)
            .archiveDir(directory.archiveDirectory().toFile())
            .controlChannel(udp(settings.host(), settings.port(id, MemberPorts.ARCHIVE_CONTROL)))
            .localControlChannel(IPC_CONTROL)
            .replicationChannel(udp(settings.host(), settings.port(id, MemberPorts.ARCHIVE_REPLICATION)))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idleStrategy(settings))
            .threadFactory(threads("exengine-aeron-archive-" + id))
            .segmentFileLength(settings.archiveSegmentLength())
            .deleteArchiveOnStart(false)
            .errorHandler(errors);
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .controlRequestChannel(IPC_CONTROL)
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(IPC_CONTROL)
            .aeronDirectoryName(aeronDirectory);
        final AuthorisationService defaults = ConsensusModule.Configuration.DEFAULT_AUTHORISATION_SERVICE_SUPPLIER.get();
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(id)
            .clusterMembers(settings.aeronMembers())
            .clusterDir(directory.clusterDirectory().toFile())
            .aeronDirectoryName(aeronDirectory)
            .ingressChannel("aeron:udp?term-length=" + settings.ingressTermLength())
            .logChannel("aeron:udp?term-length=" + settings.logTermLength())
            .replicationChannel(udp(settings.host(), settings.port(id, MemberPorts.CLUSTER_REPLICATION)))
            .archiveContext(archiveClient.clone())
            .serviceCount(1)
            .clusterClock(new NanosecondClusterClock())
            .maxConcurrentSessions(settings.maxSessions())
            .sessionTimeoutNs(settings.sessionTimeoutNs())
            .leaderHeartbeatIntervalNs(settings.heartbeatIntervalNs())
            .leaderHeartbeatTimeoutNs(settings.heartbeatTimeoutNs())
            .electionTimeoutNs(settings.electionTimeoutNs())
            .startupCanvassTimeoutNs(settings.startupCanvassTimeoutNs())
            .idleStrategySupplier(idleStrategy(settings))
            .threadFactory(threads("exengine-consensus-" + id))
            // Gateways ask for snapshots (an admin's TakeSnapshot); Aeron's default allows only backups and standbys.
            .authorisationServiceSupplier(() -> (protocolId, actionId, type, principal) ->
                type == AdminRequestType.SNAPSHOT || defaults.isAuthorised(protocolId, actionId, type, principal))
            .terminationHook(terminated::countDown)
            .deleteDirOnStart(false)
            .errorHandler(errors);
        this.driver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
        try
        {
            this.container = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .aeronDirectoryName(aeronDirectory)
                .archiveContext(archiveClient.clone())
                .clusterDir(directory.clusterDirectory().toFile())
                .clusteredService(service)
                .serviceId(0)
                .idleStrategySupplier(idleStrategy(settings))
                .threadFactory(threads("exengine-cluster-service-" + id))
                .terminationHook(terminated::countDown)
                .errorHandler(errors));
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    /**
     * Starts the member's Aeron stack and its service. A recording whose last fragment a kill cut short is repaired
     * first, once ({@link TornRecording}).
     *
     * @throws MemberInUseException   when the member's directories are marked as in use by another process that runs,
     *                                or that ended less than about 10 s ago and left its marks readable by Aeron only.
     * @throws MemberRefusedException when Aeron refuses the member's directories otherwise (damaged), with what to do.
     */
    public static ClusterMember launch(final ClusterSettings settings, final MemberDirectory directory,
        final ClusteredService service)
    {
        final File aeronDirectory = new File(settings.aeronDirectory());
        // A member killed a moment ago left marks that Aeron would honour for 10 s; its process is gone, so they go.
        StaleMarks.clear(aeronDirectory, directory, StaleMarks::isRunning);
        try
        {
            return new ClusterMember(settings, directory, service);
        }
        catch (final RuntimeException ex)
        {
            if (!TornRecording.isCause(ex))
            {
                throw refusal(settings, directory, ex);
            }
            try
            {
                TornRecording.truncate(directory.archiveDirectory().toFile());
                // The attempt above closed what it had opened, and its marks name this process: they go too.
                final long self = ProcessHandle.current().pid();
                StaleMarks.clear(aeronDirectory, directory, pid -> pid != self && StaleMarks.isRunning(pid));
                return new ClusterMember(settings, directory, service);
            }
            catch (final RuntimeException again)
            {
                again.addSuppressed(ex);
                throw refusal(settings, directory, again);
            }
        }
    }

    /** Why the member cannot start, for the operator: its directories in use, or refused by Aeron. */
    private static RuntimeException refusal(final ClusterSettings settings, final MemberDirectory directory,
        final RuntimeException ex)
    {
        final String message = String.valueOf(ex.getMessage());
        if (message.contains("active mark file") || ex.getClass().getSimpleName().equals("ActiveDriverException"))
        {
            return new MemberInUseException("member " + settings.memberId() + " cannot start: its directories " +
                "are in use (" + message + "). Another process runs this member, or one ended less than 10 s ago " +
                "and its marks could not be read: Aeron then waits for its heartbeat to age out; start again in a " +
                "few seconds", ex);
        }
        return new MemberRefusedException("member " + settings.memberId() + " cannot start on " +
            directory.path() + ": " + ex + ". If its Aeron directories (aeron/) are damaged, replace the member " +
            "(README, \"Running a cluster\")", ex);
    }

    public int memberId()
    {
        return settings.memberId();
    }

    /** This member's role; FOLLOWER once it closed (it leads nothing then). */
    public Cluster.Role role()
    {
        if (closed)
        {
            return Cluster.Role.FOLLOWER;
        }
        final AtomicCounter counter = consensus().clusterNodeRoleCounter();
        return counter.isClosed() ? Cluster.Role.FOLLOWER : Cluster.Role.get(counter);
    }

    /** The state of this member's election; CLOSED (none under way) once it closed. */
    public ElectionState electionState()
    {
        if (closed)
        {
            return ElectionState.CLOSED;
        }
        final AtomicCounter counter = consensus().electionStateCounter();
        return counter.isClosed() ? ElectionState.CLOSED : ElectionState.get(counter);
    }

    /** The leader with its election over: taking commands. */
    public boolean isLeader()
    {
        return role() == Cluster.Role.LEADER && electionState() == ElectionState.CLOSED;
    }

    /** @throws IllegalStateException once the member closed, as the counters below. */
    public long leadershipTermId()
    {
        return open().leadershipTermIdCounter().get();
    }

    public long commitPosition()
    {
        return open().commitPositionCounter().get();
    }

    public long electionCount()
    {
        return open().electionCounter().get();
    }

    public long snapshotCount()
    {
        return open().snapshotCounter().get();
    }

    /**
     * Asks the consensus module for a snapshot: every member takes one at the same log position. Only the leader acts
     * on it.
     *
     * @return false when this member is not the leader, or a snapshot or other action is under way.
     */
    public boolean requestSnapshot()
    {
        return isLeader() && ClusterControl.ToggleState.SNAPSHOT.toggle(consensus().controlToggleCounter());
    }

    /** Whether the cluster told this member to terminate (an operator's shutdown or abort through ClusterTool). */
    public boolean isTerminated()
    {
        return terminated.getCount() == 0;
    }

    public String aeronDirectory()
    {
        return driver.mediaDriver().aeronDirectoryName();
    }

    /** Closes the service's container, then the consensus module, the archive and the driver. */
    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            CloseHelper.closeAll(container, driver);
        }
    }

    private ConsensusModule.Context consensus()
    {
        return driver.consensusModule().context();
    }

    /**
     * The consensus module's context, whose counters may be read: reading one after the close would read unmapped
     * memory and crash the JVM, so a closed member refuses instead.
     */
    private ConsensusModule.Context open()
    {
        if (closed)
        {
            throw new IllegalStateException("member " + settings.memberId() + " is closed: its counters are gone " +
                "with its media driver");
        }
        return consensus();
    }

    private static String udp(final String host, final int port)
    {
        return "aeron:udp?endpoint=" + host + ":" + port;
    }

    private static ThreadFactory threads(final String name)
    {
        return runnable -> new Thread(runnable, name);
    }

    static Supplier<IdleStrategy> idleStrategy(final ClusterSettings settings)
    {
        return switch (settings.waitMode())
        {
            case BALANCED -> () -> new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(1));
            case LOW_CPU -> () -> new SleepingMillisIdleStrategy(1);
            case LOW_LATENCY -> BusySpinIdleStrategy::new;
        };
    }
}
