package dev.exengine.gateway.login;

import dev.exengine.gateway.connection.Connection;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks login passwords off the gateway's thread (and the market-data feed's, which has its own): a PBKDF2 hash takes
 * milliseconds on purpose, and the gateway's thread
 * must keep serving every other session meanwhile. One daemon thread ({@code exengine-gateway-auth} for the gateway) checks the requests in
 * arrival order and queues each {@link Outcome} for the gateway's thread, then wakes it. An unknown user name costs a
 * hash like a known one (against a decoy of the same strength), so the answer time does not tell which names exist.
 * The password's characters are wiped once checked. Bounded: at most {@link #MAX_PENDING} checks wait at a time (a
 * login flood beyond that is refused without a hash), and the login of a connection closed meanwhile (login timeout, the
 * client gone) is dropped unhashed. Owned by the server: {@link #close()} stops the thread.
 */
public final class PasswordCheck implements AutoCloseable
{
    /** A checked login request; {@code user} is null when the name or the password was wrong. */
    public record Outcome(
        Connection connection, User user, String requestedSession, long requestedSequence, long heartbeatTimeoutMillis)
    {
    }

    /** Checks queued or running at most; half a minute of hashing at the default strength (README, "Passwords"). */
    static final int MAX_PENDING = 128;
    private static final System.Logger LOG = System.getLogger(PasswordCheck.class.getName());
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final UserDirectory users;
    private final AtomicInteger pending = new AtomicInteger();
    private final Runnable wakeServer;
    private final ExecutorService thread;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    /** Made and read on the check thread only. */
    private PasswordHash decoy;

    /**
     * @param threadName the check thread's name: {@code exengine-gateway-auth}, {@code exengine-market-data-auth}.
     */
    public PasswordCheck(final UserDirectory users, final Runnable wakeServer, final String threadName)
    {
        this.users = users;
        this.wakeServer = wakeServer;
        this.thread = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a check; the outcome comes back through {@link #poll()}, unless the connection is closed before its turn.
     *
     * @param user     the user of the requested name, or null when there is none.
     * @param password wiped once checked, or at once when refused.
     * @return false, queueing nothing, when {@link #MAX_PENDING} checks are waiting already.
     */
    public boolean submit(
        final Connection connection, final User user, final char[] password, final String requestedSession,
        final long requestedSequence, final long heartbeatTimeoutMillis)
    {
        if (pending.incrementAndGet() > MAX_PENDING)
        {
            pending.decrementAndGet();
            Arrays.fill(password, '\0');
            return false;
        }
        thread.execute(() ->
        {
            try
            {
                if (connection.isClosed())
                {
                    return;
                }
                boolean matches = false;
                if (user != null)
                {
                    matches = user.passwordHash().matches(password);
                }
                else
                {
                    decoy().matches(password);
                }
                outcomes.add(new Outcome(connection, matches ? user : null, requestedSession, requestedSequence,
                    heartbeatTimeoutMillis));
                wakeServer.run();
            }
            finally
            {
                Arrays.fill(password, '\0');
                pending.decrementAndGet();
            }
        });
        return true;
    }

    /** The next checked request, or null; gateway's thread only. */
    public Outcome poll()
    {
        return outcomes.poll();
    }

    public boolean hasOutcomes()
    {
        return !outcomes.isEmpty();
    }

    @Override
    public void close()
    {
        thread.shutdownNow();
        awaitTermination();
    }

    /** A hash under way runs to its end (PBKDF2 does not look at interrupts): the check thread ends after it. */
    private void awaitTermination()
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                if (thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS))
                {
                    break;
                }
                LOG.log(System.Logger.Level.WARNING, "a password check still runs after " + CLOSE_WAIT_SECONDS +
                    " s; leaving its thread to end on its own");
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** A hash as costly as the strongest of the users', made on first need (on the check thread). */
    private PasswordHash decoy()
    {
        PasswordHash hash = decoy;
        if (hash == null)
        {
            final int iterations = users.users().stream().mapToInt(u -> u.passwordHash().iterations()).max()
                .orElse(PasswordHash.DEFAULT_ITERATIONS);
            hash = PasswordHash.create("decoy".toCharArray(), iterations);
            decoy = hash;
        }
        return hash;
    }
}
