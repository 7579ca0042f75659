package dev.exengine.replication;

import dev.exengine.logging.AuditEvent;
import dev.exengine.logging.AuditLog;
import dev.exengine.protocol.soupbin.SoupBinTcp;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * Who logs in to a primary's replication port (standbys, operators' commands). The password check is slow on
 * purpose, so it runs on a thread of its own; its outcome comes back to the replication thread, which completes the
 * login: a refused peer is answered and closed here, an accepted one is handed to the server. Both are in the audit
 * log. Owns its checking thread: {@link #close} stops it.
 */
final class ReplicationLogins implements AutoCloseable
{
    /** What the server does with a peer whose login was accepted, on the replication thread. */
    @FunctionalInterface
    interface Accepted
    {
        void loggedIn(ReplicationPeer peer, long nowMillis);
    }

    private final ReplicationSettings settings;
    private final Runnable wakeUp;
    private final AuditLog audit = new AuditLog();
    private final AuditEvent loginAccepted = audit.event("replication.login.accepted", Level.INFO);
    private final AuditEvent loginRejected = audit.event("replication.login.rejected", Level.WARNING);
    private final ConcurrentLinkedQueue<ReplicationPeer> checked = new ConcurrentLinkedQueue<>();
    private final ExecutorService checks = Executors.newSingleThreadExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "exengine-replication-auth");
        thread.setDaemon(true);
        return thread;
    });

    /** @param wakeUp wakes the replication thread when a check is done; called on the checking thread. */
    ReplicationLogins(final ReplicationSettings settings, final Runnable wakeUp)
    {
        this.settings = settings;
        this.wakeUp = wakeUp;
    }

    /** @return whether checks are done and wait for {@link #complete}; safe from any thread. */
    boolean haveOutcomes()
    {
        return !checked.isEmpty();
    }

    /** Starts the check of a peer's login; on the replication thread. */
    void check(final ReplicationPeer peer, final String user, final String password, final long requested)
    {
        peer.checking = true;
        peer.requested = requested;
        peer.user = user;
        final char[] secret = password.toCharArray();
        checks.execute(() ->
        {
            try
            {
                peer.authorized = settings.credentials() != null && settings.user().equals(user) &&
                    settings.credentials().matches(user, secret);
            }
            finally
            {
                Arrays.fill(secret, '\0');
                checked.add(peer);
                wakeUp.run();
            }
        });
    }

    /**
     * Completes the logins whose checks are done, on the replication thread: a refused peer is answered and closing,
     * an accepted one goes to {@code accepted}.
     *
     * @return the logins completed.
     */
    int complete(final long nowMillis, final Accepted accepted)
    {
        int count = 0;
        ReplicationPeer peer;
        while ((peer = checked.poll()) != null)
        {
            count++;
            peer.checking = false;
            if (peer.closing)
            {
                continue;
            }
            if (!peer.authorized)
            {
                if (loginRejected.admit(nowMillis))
                {
                    loginRejected.log("replication login refused", "user", peer.user, "address", peer.remote(),
                        "reason", "wrong user or password");
                }
                peer.link.queueLoginRejected(SoupBinTcp.REJECT_NOT_AUTHORIZED, nowMillis);
                peer.closing = true;
                continue;
            }
            if (loginAccepted.admit(nowMillis))
            {
                loginAccepted.log("replication login accepted", "user", peer.user, "address", peer.remote());
            }
            accepted.loggedIn(peer, nowMillis);
        }
        return count;
    }

    /** Stops the checking thread, waiting up to 10 s for a check under way. */
    @Override
    public void close()
    {
        checks.shutdownNow();
        try
        {
            checks.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
