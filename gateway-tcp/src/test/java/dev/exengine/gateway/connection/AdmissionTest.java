package dev.exengine.gateway.connection;

import dev.exengine.gateway.GatewayAudit;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.gateway.stream.StoredStream;
import dev.exengine.gateway.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shedding policy alone, on the times the test gives: connections without sockets, a table the test keeps as the
 * gateway's would be (a shed connection leaves it).
 */
class AdmissionTest
{
    /** The stream of a session that is never read here. */
    private static final StoredStream NO_MESSAGES = new StoredStream()
    {
        @Override
        public long nextSequence()
        {
            return 1;
        }

        @Override
        public Cursor cursor()
        {
            return null;
        }
    };

    private final GatewayMetrics metrics = new GatewayMetrics(MetricCounters.inMemory());
    private final List<Connection> open = new ArrayList<>();
    private final Warnings warnings = new Warnings();
    private Admission admission;

    @AfterEach
    void tearDown()
    {
        warnings.close();
    }

    @Test
    void shouldShedTheOldestIdleConnectionWhenTheRoomForConnectionsNotLoggedInIsFull()
    {
        admission(10, 3, 16);
        final Connection oldest = connect("127.0.0.1", 0);
        connect("127.0.0.2", 10);
        connect("127.0.0.3", 20);
        assertFalse(admission.admits("127.0.0.4"), "3 of 3 not logged in");

        assertSame(oldest, admission.toShed("127.0.0.4"));
        shed(oldest, 30);
        assertNull(admission.toShed("127.0.0.4"));
        assertTrue(admission.admits("127.0.0.4"));
    }

    @Test
    void shouldNeverShedALoginWhosePasswordIsBeingChecked()
    {
        admission(10, 3, 16);
        final Connection checked = connect("127.0.0.1", 0);
        checked.authenticating();
        final Connection idle = connect("127.0.0.2", 10);
        final Connection alsoChecked = connect("127.0.0.3", 20);
        alsoChecked.authenticating();

        assertSame(idle, admission.toShed("127.0.0.4"), "the oldest that is not being checked");
        shed(idle, 30);
        connect("127.0.0.4", 30).authenticating();
        assertNull(admission.toShed("127.0.0.5"), "every one is being checked: nothing to shed");
        assertFalse(admission.admits("127.0.0.5"), "so the newcomer is refused");
    }

    @Test
    void shouldShedTheOldestConnectionOfAnAddressWhoseLimitIsReached()
    {
        admission(10, 8, 2);
        final Connection otherAddress = connect("127.0.0.2", 0);
        final Connection first = connect("127.0.0.1", 10);
        connect("127.0.0.1", 20);
        assertTrue(admission.admits("127.0.0.3"), "other addresses still fit");
        assertFalse(admission.admits("127.0.0.1"));

        assertSame(first, admission.toShed("127.0.0.1"), "the address's oldest, not the oldest of all");
        shed(first, 30);
        assertTrue(admission.admits("127.0.0.1"));
        assertTrue(open.contains(otherAddress));
    }

    @Test
    void shouldRefuseAnAddressWhoseConnectionsAreAllBeingChecked()
    {
        admission(10, 8, 2);
        connect("127.0.0.1", 0).authenticating();
        connect("127.0.0.1", 10).authenticating();
        final Connection idleElsewhere = connect("127.0.0.2", 20);

        assertNull(admission.toShed("127.0.0.1"), "another address's idle connection is not shed for this one");
        assertFalse(admission.admits("127.0.0.1"));
        assertTrue(open.contains(idleElsewhere));
    }

    @Test
    void shouldShedAnIdleConnectionWhenTheTableIsFullOfSessionsAndRefuseWhenNoneIsLeft()
    {
        admission(4, 4, 16);
        for (int i = 0; i < 3; i++)
        {
            logIn(connect("127.0.0.9", i));
        }
        final Connection idle = connect("127.0.0.1", 10);
        assertEquals(1, admission.notLoggedIn(), "three sessions logged in, one connection not");

        assertSame(idle, admission.toShed("127.0.0.2"), "a session is never shed");
        shed(idle, 20);
        logIn(connect("127.0.0.2", 20));
        assertNull(admission.toShed("127.0.0.3"));
        assertFalse(admission.admits("127.0.0.3"), "four sessions: the table is full");
    }

    @Test
    void shouldNeverShedASessionThatLoggedInAlsoWhileItEnds()
    {
        admission(3, 3, 16);
        final Connection session = connect("127.0.0.1", 0);
        logIn(session);
        session.closing("logout", 2_000);
        final Connection idle = connect("127.0.0.2", 10);
        connect("127.0.0.3", 20);
        assertEquals(2, admission.notLoggedIn(), "the session left the room for connections not logged in");

        assertSame(idle, admission.toShed("127.0.0.4"), "the table is full: the oldest idle goes, not the session");
    }

    @Test
    void shouldShedAConnectionAnsweredWithLoginRejectedLikeOneThatNeverSentALogin()
    {
        admission(10, 2, 16);
        final Connection rejected = connect("127.0.0.1", 0);
        rejected.closing("login rejected 'A'", 2_000);
        connect("127.0.0.2", 10);
        assertFalse(admission.admits("127.0.0.3"), "a rejected login takes room until it has closed");

        assertSame(rejected, admission.toShed("127.0.0.3"));
    }

    @Test
    void shouldReportTheFirstShedAtOnceAndTheRestAtMostOncePerInterval()
    {
        admission(10, 1, 16);
        connect("127.0.0.1", 0);
        for (int i = 1; i <= 5; i++)
        {
            final long now = 100L * i;
            shed(admission.toShed("127.0.0.2"), now);
            connect("127.0.0.2", now);
        }
        admission.refused("127.0.0.2", 600);
        assertEquals(List.of("connections under pressure: shed 1 that had not logged in (the youngest after 100 ms) " +
            "and refused 0; 0 of 10 open, 0 of 1 not logged in (reported at most every 10 s)"), warnings.messages,
            "the first at once; the others wait for the interval");

        assertEquals(0, admission.report(100 + Admission.REPORT_INTERVAL_MILLIS - 1));
        assertEquals(1, admission.report(100 + Admission.REPORT_INTERVAL_MILLIS));
        assertEquals("connections under pressure: shed 4 that had not logged in (the youngest after 100 ms) " +
            "and refused 1; 1 of 10 open, 1 of 1 not logged in (reported at most every 10 s)", warnings.messages.get(1));
        assertEquals(0, admission.report(200 + 2 * Admission.REPORT_INTERVAL_MILLIS), "nothing new to report");
        assertEquals(1, metrics.connectionsShed(GatewayMetrics.ShedLimit.MAX_UNAUTHENTICATED), "refused, by its limit");
    }

    private void admission(final int maxConnections, final int maxUnauthenticated, final int maxPerAddress)
    {
        admission = new Admission(new GatewayConfig().maxConnections(maxConnections)
            .maxUnauthenticated(maxUnauthenticated).maxUnauthenticatedPerAddress(maxPerAddress), metrics, new GatewayAudit(), open);
    }

    /** A connection accepted at {@code nowMillis}, as the gateway takes one in. */
    private Connection connect(final String address, final long nowMillis)
    {
        final Connection connection = new Connection(null, address, 1024, 4096, nowMillis);
        open.add(connection);
        admission.admitted(connection);
        return connection;
    }

    /** Logs a connection in, as either server (the gateway's or the market-data feed's) does. */
    private static void logIn(final Connection connection)
    {
        connection.loginAccepted(new User("alice", null, false, 1), NO_MESSAGES, "SESSION001", 1, 15_000, null, 0);
    }

    /** Sheds a connection as the gateway does: ended, then counted. */
    private void shed(final Connection connection, final long nowMillis)
    {
        open.remove(connection);
        admission.forget(connection);
        admission.shed(connection, nowMillis);
    }

    /** What the admission logs at WARNING. */
    private static final class Warnings extends Handler implements AutoCloseable
    {
        private final Logger logger = Logger.getLogger(Admission.class.getName());
        final List<String> messages = new CopyOnWriteArrayList<>();

        Warnings()
        {
            setLevel(Level.WARNING);
            logger.addHandler(this);
        }

        @Override
        public void publish(final LogRecord record)
        {
            if (isLoggable(record))
            {
                messages.add(record.getMessage());
            }
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void close()
        {
            logger.removeHandler(this);
        }
    }
}
