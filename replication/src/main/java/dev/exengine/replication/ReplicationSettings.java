package dev.exengine.replication;

import dev.exengine.protocol.soupbin.SoupBinTcp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node replicates: where it serves replication (primary: standbys and operators; standby: operators), whom it
 * follows as a standby, the credential both ends use, and the primary's policy for a standby that is gone.
 *
 * @param listen            the replication port's address; null for none.
 * @param primary           the primary a standby follows; null on a primary.
 * @param user              the replication user (SoupBinTCP user names are at most 6 characters).
 * @param password          a standby's and an operator's password, in clear (the primary checks it with
 *                          {@code credentials}); null on a primary that only checks.
 * @param credentials       checks a peer's user and password; null on a node that serves no replication port.
 * @param peers             the other nodes' replication addresses: a primary asks them for their epoch at its start
 *                          and every {@code heartbeat}, and fences itself when one has a newer one.
 * @param onStandbyLoss     what a primary in replicated durability does when its standby is gone.
 * @param fallbackAfter     with {@link StandbyLossPolicy#FALLBACK}: how long it waits before it releases on local
 *                          durability alone.
 * @param heartbeat         how often an idle link sends a heartbeat (and a primary checks its peers).
 * @param peerTimeout       silence after which a link is considered dead.
 */
public record ReplicationSettings(
    InetSocketAddress listen,
    InetSocketAddress primary,
    String user,
    String password,
    Credentials credentials,
    List<InetSocketAddress> peers,
    StandbyLossPolicy onStandbyLoss,
    Duration fallbackAfter,
    Duration heartbeat,
    Duration peerTimeout)
{
    /** What a primary in replicated durability does when its standby is gone or silent. */
    public enum StandbyLossPolicy
    {
        /** Waits: nothing is released until a standby has it; the log and the metrics say so loudly. */
        WAIT,
        /** Waits {@code fallbackAfter}, then releases on local durability alone and raises the alarm until a standby
         * has caught up again. */
        FALLBACK
    }

    /** Checks a replication peer's credential. */
    @FunctionalInterface
    public interface Credentials
    {
        boolean matches(String user, char[] password);
    }

    public ReplicationSettings
    {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(onStandbyLoss, "onStandbyLoss");
        // A longer name or password would be cut to the login's fields and refused at every attempt, far from here.
        if (user.isEmpty() || user.length() > SoupBinTcp.USERNAME_LENGTH)
        {
            throw new IllegalArgumentException("replication.user must be 1 to " + SoupBinTcp.USERNAME_LENGTH +
                " characters (SoupBinTCP's username field), not '" + user + "'");
        }
        if (password != null && password.length() > SoupBinTcp.PASSWORD_LENGTH)
        {
            throw new IllegalArgumentException("replication.password must be at most " + SoupBinTcp.PASSWORD_LENGTH +
                " characters (SoupBinTCP's password field), not " + password.length());
        }
        peers = List.copyOf(peers);
    }
}
