package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.replication.AdminRequest;
import dev.exengine.replication.ReplicationMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.exengine.server.ReplicationFixture.PASSWORD;
import static dev.exengine.server.ReplicationFixture.USER;
import static dev.exengine.server.ReplicationFixture.awaitTrue;
import static dev.exengine.server.ReplicationFixture.pollUntil;
import static dev.exengine.server.ReplicationFixture.records;
import static dev.exengine.server.ReplicationFixture.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A primary and a hot standby in one JVM, each a whole node on its own data directory, talking over loopback.
 */
class ReplicationTest
{
    @TempDir
    Path dir;

    private ReplicationFixture fixture;

    @AfterEach
    void tearDown()
    {
        fixture.close();
    }

    @Test
    void shouldKeepTheStandbysJournalByteForByteTheSameAndItsStateEqual() throws IOException
    {
        fixture = new ReplicationFixture(dir);
        final Node primary = fixture.primary("primary", DurabilityMode.PROCESS);
        final Node standby = fixture.standby("standby", primary);
        final ReplicationFixture.Recorder alice = new ReplicationFixture.Recorder();
        final ExchangeClient client = fixture.login(alice, "alice", "alicepw", primary.address());
        trade(client, 1, 300);
        pollUntil(() -> alice.accepted() + alice.rejected() >= 300, client);
        awaitTrue(() -> caughtUp(standby, primary));

        assertEquals(records(primary), records(standby), "every record, byte for byte");
        assertEquals(primary.sessionId(), standby.sessionId(), "the standby took on the primary's session");
        final long standbyHash = fixture.stop(standby);
        assertEquals(fixture.stop(primary), standbyHash, "the same state");
    }

    @Test
    void shouldRefuseClientsOnTheStandbyAndFailThemOverToItOncePromoted() throws IOException
    {
        fixture = new ReplicationFixture(dir);
        final Node primary = fixture.primary("primary", DurabilityMode.REPLICATED);
        final Node standby = fixture.standby("standby", primary);
        final ReplicationFixture.Recorder alice = new ReplicationFixture.Recorder();
        final ExchangeClient onStandby = fixture.client(alice, List.of(standby.address()));
        assertTrue(!onStandby.login("alice", "alicepw", "", 1) && onStandby.loginRejectReason() == 'S',
            "a standby answers Login Rejected S");
        onStandby.close();

        final ExchangeClient client = fixture.client(alice, List.of(primary.address(), standby.address()));
        assertTrue(client.login("alice", "alicepw", "", 1));
        trade(client, 1, 100);
        pollUntil(() -> alice.accepted() + alice.rejected() >= 100, client);
        final long seen = alice.sequences.size();

        // The primary's machine is lost (here: the node stops), and the operator promotes the standby.
        fixture.stop(primary);
        final ReplicationMessages.State promoted = AdminRequest.promote(standby.replicationAddress(), USER, PASSWORD,
            Duration.ofSeconds(10));
        assertEquals("primary", promoted.roleName());
        assertEquals(1, promoted.epoch());

        // The client has moved on to the standby, which answered Login Rejected S until it was promoted.
        pollUntil(() -> client.isLoggedIn() && client.address().equals(standby.address()), client);
        trade(client, 101, 50);
        pollUntil(() -> alice.accepted() + alice.rejected() >= 150, client);
        assertTrue(alice.sequences.size() > seen);
        for (int i = 0; i < alice.sequences.size(); i++)
        {
            assertEquals(i + 1, alice.sequences.get(i), "the stream goes on with no gap and no duplicate");
        }
        assertEquals(0, client.duplicates());
    }

    @Test
    void shouldRefuseAWrongCredentialAndAPromotionOfThePrimary()
    {
        fixture = new ReplicationFixture(dir);
        final Node primary = fixture.primary("primary", DurabilityMode.PROCESS);
        final AdminRequest.RefusedException wrong = assertThrows(AdminRequest.RefusedException.class,
            () -> AdminRequest.status(primary.replicationAddress(), USER, "nope", Duration.ofSeconds(5)));
        assertTrue(wrong.getMessage().contains("credential"), wrong.getMessage());
        final AdminRequest.RefusedException twice = assertThrows(AdminRequest.RefusedException.class,
            () -> AdminRequest.promote(primary.replicationAddress(), USER, PASSWORD, Duration.ofSeconds(5)));
        assertTrue(twice.getMessage().contains("primary already"), twice.getMessage());
    }

    static boolean caughtUp(final Node standby, final Node primary)
    {
        return standby.engine().decidedSequence() == primary.engine().decidedSequence() &&
            standby.engine().durableJournalSequence() == primary.engine().durableJournalSequence();
    }
}
