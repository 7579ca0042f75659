package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.server.AdminHttp.Answer;
import dev.exengine.server.gateway.GatewayFixture;
import dev.exengine.server.gateway.GatewayFixture.Recorder;
import dev.exengine.server.monitoring.MonitoringSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin endpoint of real nodes: health checks and Prometheus metrics, ready and not, primary and standby. */
class AdminEndpointTest
{
    @TempDir
    Path data;

    @Test
    void shouldAnswerLiveReadyAndMetricsOfARunningPrimary() throws IOException
    {
        try (Node node = Node.start(settings(data, "1m")))
        {
            final InetSocketAddress admin = node.adminAddress();
            final Recorder alice = new Recorder();
            try (ExchangeClient client = new ExchangeClient(alice))
            {
                client.connect("127.0.0.1", node.address().getPort());
                assertTrue(client.login("alice", "alice-demo", "", 0), alice::toString);
                client.queryBalances(7, 1);
                // Bob's account: refused by the gateway, never reaching the engine.
                client.newOrder(2, 1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 100);
                GatewayFixture.pollUntil(() -> alice.count("QUERY_DONE") == 1 && alice.count("ORDER_REJECTED") == 1,
                    () -> alice, client);

                final Answer live = AdminHttp.get(admin, "/health/live");
                assertEquals(200, live.status(), live::toString);
                assertEquals("application/json", live.contentType());
                final Answer ready = AdminHttp.getUntil(admin, "/health/ready",
                    answer -> answer.body().contains("\"loggedIn\":1"));
                assertEquals(200, ready.status(), ready::toString);
                assertTrue(ready.body().startsWith("{\"status\":\"ready\",\"live\":true,\"ready\":true," +
                    "\"phase\":\"RUNNING\",\"role\":\"PRIMARY\",\"epoch\":null,\"journalSequence\":"), ready.body());
                assertTrue(ready.body().contains("\"sessions\":{\"connections\":1,\"loggedIn\":1},\"reasons\":[]}"),
                    ready.body());
                assertEquals(node.engine().durableJournalSequence(), number(ready.body(), "\"journalSequence\":(\\d+)"),
                    "the market's commands (a query is not journaled)");

                // The latency histograms and the health verdict reach Prometheus with the sampler's next round.
                final Answer metrics = AdminHttp.getUntil(admin, "/metrics",
                    answer -> answer.body().contains("exengine_ready 1.0") &&
                        !answer.body().contains("exengine_command_latency_seconds_count 0"));
                assertEquals(200, metrics.status());
                assertTrue(metrics.contentType().startsWith("text/plain; version=0.0.4"), metrics.contentType());
                final String body = metrics.body();
                for (final String expected : new String[] {
                    "# TYPE exengine_commands_total counter",
                    "exengine_commands_total{type=\"QUERY_BALANCES\"} 1.0",
                    "exengine_events_total{type=\"QUERY_DONE\"} 1.0",
                    "exengine_rejects_total{reason=\"NOT_AUTHORIZED\",source=\"gateway\"} 1.0",
                    "exengine_rejects_total{reason=\"UNKNOWN_ACCOUNT\",source=\"engine\"} 0.0",
                    "exengine_logins_total{outcome=\"ACCEPTED\"} 1.0",
                    "exengine_sessions_logged_in 1.0",
                    "exengine_input_ring_slots ",
                    "exengine_journal_bytes_total ",
                    "# TYPE exengine_command_latency_seconds histogram",
                    "exengine_command_latency_seconds_bucket{le=\"+Inf\"} ",
                    "exengine_journal_commit_seconds_bucket{le=\"0.001\"} ",
                    "exengine_journal_batch_records_bucket{le=\"1.0\"} ",
                    "exengine_ready 1.0",
                    "exengine_not_ready{reason=\"STARTING\"} 0.0",
                    "jvm_memory_used_bytes{area=\"heap\"} ",
                    "jvm_threads_current ",
                    "jvm_gc_collection_seconds_count{"})
                {
                    assertTrue(body.contains(expected), () -> expected + " missing from:\n" + body);
                }
                assertEquals(node.engine().durableJournalSequence(), number(body, "exengine_journal_sequence (\\d+)"),
                    body);
                assertTrue(number(body, "exengine_command_latency_seconds_count (\\d+)") >= 1, body);
                assertTrue(!body.contains("quantile="), "percentiles are for bin/engine stat: Prometheus gets buckets");

                assertEquals(404, AdminHttp.get(admin, "/nothing").status());
                assertEquals(405, AdminHttp.post(admin, "/health/ready").status());
            }
        }
    }

    @Test
    void shouldSayNotReadyAndWhyWhileAliveWhenTheJournalsFileSystemIsShortOfRoom()
    {
        // No disk has eight million GiB free: the node runs, and says it should not get traffic.
        try (Node node = Node.start(settings(data, "8000000g")))
        {
            final InetSocketAddress admin = node.adminAddress();
            final Answer ready = AdminHttp.get(admin, "/health/ready");
            assertEquals(503, ready.status(), ready::toString);
            assertTrue(ready.body().startsWith("{\"status\":\"not_ready\",\"live\":true,\"ready\":false,"),
                ready.body());
            assertTrue(ready.body().contains("{\"problem\":\"JOURNAL_NOT_WRITABLE\",\"message\":\"the journal's file " +
                "system has "), ready.body());
            assertTrue(ready.body().contains("less than health.min-free-disk"), ready.body());
            assertEquals(200, AdminHttp.get(admin, "/health/live").status(), "alive: a restart would not help");
            AdminHttp.getUntil(admin, "/metrics", answer -> answer.body().contains("exengine_ready 0.0") &&
                answer.body().contains("exengine_not_ready{reason=\"JOURNAL_NOT_WRITABLE\"} 1.0"));
        }
    }

    @Test
    void shouldHaveNoAdminEndpointWhenItIsOff()
    {
        final Properties overrides = overrides(data, "1m");
        overrides.setProperty("admin.listen", "off");
        try (Node node = Node.start(ServerSettings.load(null, overrides)))
        {
            assertNull(node.adminAddress());
            // The gateway's thread opens to clients a moment after the start returns.
            MonitoringCommandsTest.awaitTrue(() -> node.health().ready(), () -> node.health().toString());
        }
    }

    @Test
    void shouldCallAStandbyReadyWhileItFollowsAndNotReadyOnceItsPrimaryIsGone() throws IOException
    {
        try (ReplicationFixture fixture = new ReplicationFixture(data))
        {
            fixture.monitoring(new MonitoringSettings(new InetSocketAddress("127.0.0.1", 0), 1_000,
                Duration.ofSeconds(30), 1 << 20));
            final Node primary = fixture.primary("primary", DurabilityMode.PROCESS);
            final Node standby = fixture.standby("standby", primary);

            final Answer following = AdminHttp.getUntil(standby.adminAddress(), "/health/ready",
                answer -> answer.status() == 200);
            assertTrue(following.body().contains("\"role\":\"STANDBY\",\"epoch\":"), following.body());
            assertTrue(following.body().contains("\"replication\":{\"following\":true,\"lagRecords\":0,"),
                following.body());
            final Answer primaryReady = AdminHttp.get(primary.adminAddress(), "/health/ready");
            assertTrue(primaryReady.status() == 200 && primaryReady.body().contains("\"role\":\"PRIMARY\""),
                primaryReady::toString);
            final long epoch = number(primaryReady.body(), "\"epoch\":(\\d+)");
            assertEquals(epoch, number(following.body(), "\"epoch\":(\\d+)"), "the standby follows the primary's epoch");
            AdminHttp.getUntil(standby.adminAddress(), "/metrics",
                answer -> answer.body().contains("exengine_replication_role{role=\"STANDBY\"} 1.0") &&
                    answer.body().contains("exengine_replication_following 1.0") &&
                    answer.body().contains("exengine_replication_epoch " + epoch + ".0"));

            fixture.stop(primary);
            final Answer lost = AdminHttp.getUntil(standby.adminAddress(), "/health/ready",
                answer -> answer.status() == 503);
            assertTrue(lost.body().contains("{\"problem\":\"NOT_FOLLOWING\",\"message\":\"not following "),
                lost.body());
            assertEquals(200, AdminHttp.get(standby.adminAddress(), "/health/live").status());
        }
    }

    /** A node of the embedded configuration on free ports, with cheap demo passwords. */
    static ServerSettings settings(final Path data, final String minFreeDisk)
    {
        return ServerSettings.load(null, overrides(data, minFreeDisk));
    }

    static Properties overrides(final Path data, final String minFreeDisk)
    {
        final Properties overrides = new Properties();
        overrides.setProperty("data", data.toString());
        overrides.setProperty("listen", "127.0.0.1:0");
        overrides.setProperty("admin.listen", "127.0.0.1:0");
        overrides.setProperty("health.min-free-disk", minFreeDisk);
        for (final String user : new String[] {"admin", "alice", "bob"})
        {
            overrides.setProperty("user." + user + ".password",
                PasswordHash.create((user + "-demo").toCharArray(), 1_000).toString());
        }
        return overrides;
    }

    private static long number(final String text, final String regex)
    {
        final Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), regex + " not in " + text);
        return Long.parseLong(matcher.group(1));
    }
}
