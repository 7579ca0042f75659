package dev.exengine.server;

import dev.exengine.cluster.ClusterSettings;
import dev.exengine.core.command.CommandType;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;
import dev.exengine.server.config.Overrides;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerSettingsTest
{
    @TempDir
    Path directory;

    @Test
    void shouldRunOnTheEmbeddedDefaultsAlone()
    {
        final ServerSettings settings = ServerSettings.load(null, new Properties());

        assertEquals(Path.of("data"), settings.dataDirectory());
        assertEquals(DurabilityMode.PROCESS, settings.engineConfig().durabilityMode());
        assertEquals(9400, settings.listenAddress().getPort());
        assertEquals(3, settings.gatewayConfig().users().size());
        assertEquals(8, settings.marketCommands().size());
        assertEquals(CommandType.ADD_ASSET, settings.marketCommands().get(0).type());
    }

    @Test
    void shouldLetTheFileOverrideTheDefaultsAndTheCommandLineOverrideTheFile() throws IOException
    {
        final Path file = directory.resolve("engine.properties");
        Files.writeString(file, "durability = fsync\npipeline = serial\nlisten = 0.0.0.0:7000\n");
        final Properties overrides = new Properties();
        overrides.setProperty("durability", "memory");

        final ServerSettings settings = ServerSettings.load(file, overrides);

        assertEquals(DurabilityMode.MEMORY, settings.engineConfig().durabilityMode());
        assertEquals(PipelineMode.SERIAL, settings.engineConfig().pipelineMode());
        assertEquals(7000, settings.listenAddress().getPort());
    }

    @Test
    void shouldDescribeTheEffectiveConfigurationWithoutTheUsersOrTheMarket()
    {
        final Properties overrides = new Properties();
        overrides.setProperty("wait", "low_latency");
        final SortedMap<String, String> configuration = ServerSettings.load(null, overrides).configuration();

        assertEquals("low_latency", configuration.get("wait"));
        assertEquals("process", configuration.get("durability").toLowerCase(Locale.ROOT));
        assertTrue(configuration.containsKey("gateway.max-connections"), configuration::toString);
        assertTrue(configuration.keySet().stream().noneMatch(key -> key.startsWith("user.") ||
            key.startsWith("market.")), configuration::toString);
    }

    @Test
    void shouldShareTheGatewaysThreadWithTheEngineWhenToldOrWhereAutoCan()
    {
        assertEquals(ThreadLayout.SHARED, layout(), "the default: AUTO, with INLINE, PROCESS and BALANCED");
        assertTrue(ServerSettings.load(null, new Properties()).engineConfig().hosted());
        assertEquals(ThreadLayout.SHARED, layout("threads", "auto"));
        assertTrue(load("threads", "auto").engineConfig().hosted());
        assertEquals(ThreadLayout.SEPARATE, layout("threads", "separate"));
        assertFalse(load("threads", "separate").engineConfig().hosted());
        assertEquals(ThreadLayout.SEPARATE, layout("threads", "auto", "pipeline", "serial"));
        assertEquals(ThreadLayout.SEPARATE, layout("threads", "auto", "wait", "low_latency"), "busy-spinning engine threads");
        assertEquals(ThreadLayout.SEPARATE, layout("threads", "auto", "durability", "fsync"), "the gateway not blocked by forces");
        assertEquals(ThreadLayout.SHARED, layout("threads", "auto", "durability", "memory"));
        assertEquals(ThreadLayout.SHARED, layout("wait", "low_latency", "threads", "shared"));
        assertEquals(ThreadLayout.SEPARATE, layout("threads", "auto", "durability", "replicated", "replication.listen",
            "127.0.0.1:0"));
    }

    @Test
    void shouldRefuseASharedThreadWithWhatItCannotRunNamingTheKey()
    {
        final IllegalArgumentException parallel = assertThrows(IllegalArgumentException.class,
            () -> load("threads", "shared", "pipeline", "parallel").validate());
        assertTrue(parallel.getMessage().contains("threads") &&
            parallel.getMessage().contains("INLINE pipeline only") &&
            parallel.getMessage().contains("threads = SEPARATE"), parallel.getMessage());
        final IllegalArgumentException replicated = assertThrows(IllegalArgumentException.class,
            () -> load("threads", "shared", "durability", "replicated", "replication.listen", "127.0.0.1:0")
                .validate());
        assertTrue(replicated.getMessage().contains("threads") &&
            replicated.getMessage().contains("replicated durability"), replicated.getMessage());
    }

    private static ThreadLayout layout(final String... keysAndValues)
    {
        return load(keysAndValues).threadLayout();
    }

    private static ServerSettings load(final String... keysAndValues)
    {
        final Properties overrides = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2)
        {
            overrides.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ServerSettings.load(null, overrides);
    }

    @Test
    void shouldBusySpinTheGatewayThreadOnlyInTheLowLatencyProfile()
    {
        final Properties overrides = new Properties();
        assertFalse(ServerSettings.load(null, overrides).gatewayConfig().busySpin());

        overrides.setProperty("wait", "low_latency");
        final ServerSettings settings = ServerSettings.load(null, overrides);

        assertEquals(WaitProfile.LOW_LATENCY, settings.engineConfig().waitProfile());
        assertTrue(settings.gatewayConfig().busySpin());
    }

    @Test
    void shouldReplaceTheDemoUsersAndMarketWholeWhenAFileNamesItsOwn() throws IOException
    {
        final Path file = directory.resolve("engine.properties");
        Files.writeString(file, """
            user.ops.password = pbkdf2-sha256:10000:5+p+cQRXOK0kVXCO3RXXjA:HNVo3FnhF4HydGEMEQ8YFTrIS6a5oK2TM+QGpR/j95I
            user.ops.admin = true
            market.1 = ADD_ASSET assetId=9 scale=2
            """);

        final ServerSettings settings = ServerSettings.load(file, new Properties());

        assertEquals(1, settings.gatewayConfig().users().size());
        assertNotNull(settings.gatewayConfig().users().user("ops"));
        assertNull(settings.gatewayConfig().users().user("alice"));
        assertEquals(1, settings.marketCommands().size());
        assertEquals(9, settings.marketCommands().get(0).assetId());
    }

    @Test
    void shouldTakeTheGatewaysDefencesFromTheConfiguration() throws IOException
    {
        final GatewayConfig defaults = ServerSettings.load(null, new Properties()).gatewayConfig();
        assertEquals(512, defaults.maxUnauthenticated());
        assertEquals(100, defaults.maxUndecodablePerWindow());
        assertEquals(60_000, defaults.undecodableWindowMillis());

        final Path file = directory.resolve("engine.properties");
        Files.writeString(file, "gateway.max-unauthenticated = 64\ngateway.max-undecodable = 3\n" +
            "gateway.undecodable-window-ms = 500\n");
        final GatewayConfig configured = ServerSettings.load(file, new Properties()).gatewayConfig();
        assertEquals(64, configured.maxUnauthenticated());
        assertEquals(3, configured.maxUndecodablePerWindow());
        assertEquals(500, configured.undecodableWindowMillis());
    }

    @Test
    void shouldSizeTheJvmsMemoryFromTheConfiguration() throws IOException
    {
        assertEquals(List.of("-Xmx1024m", "-XX:MaxDirectMemorySize=1187m"),
            ServerSettings.load(null, new Properties()).jvmMemoryOptions(),
            "1 GiB of heap; a 1 MiB send buffer and two 1 KiB packets for each of 1,024 connections and the 16 MiB " +
            "event ring of the gateway, a 256 KiB send buffer and two packets for each of the feed's 256 and its " +
            "16 MiB ring, and 64 MiB more");

        final Path file = directory.resolve("engine.properties");
        Files.writeString(file, "jvm.heap = 512m\ngateway.max-connections = 10\ngateway.send-buffer-bytes = 65536\n");
        assertEquals(List.of("-Xmx512m", "-XX:MaxDirectMemorySize=162m"),
            ServerSettings.load(file, new Properties()).jvmMemoryOptions());
        Files.writeString(file, "jvm.heap = 512m\ngateway.max-connections = 10\ngateway.send-buffer-bytes = 65536\n" +
            "market-data.listen = off\n");
        assertEquals(List.of("-Xmx512m", "-XX:MaxDirectMemorySize=81m"),
            ServerSettings.load(file, new Properties()).jvmMemoryOptions(), "no feed, no feed buffers");
    }

    @Test
    void shouldHashTheDemoPasswordsAtTheDefaultStrengthAndStillTakeOlderHashes()
    {
        final UserDirectory users = ServerSettings.load(null, new Properties()).gatewayConfig().users();
        for (final User user : users.users())
        {
            assertEquals(PasswordHash.DEFAULT_ITERATIONS, user.passwordHash().iterations(), user.name());
            assertTrue(user.passwordHash().matches((user.name() + "-demo").toCharArray()), user.name());
        }

        // The demo admin's line before the default strength was raised: 10,000 iterations.
        final Properties overrides = new Properties();
        overrides.setProperty("user.admin.password",
            "pbkdf2-sha256:10000:5+p+cQRXOK0kVXCO3RXXjA:HNVo3FnhF4HydGEMEQ8YFTrIS6a5oK2TM+QGpR/j95I");
        final User admin = ServerSettings.load(null, overrides).gatewayConfig().users().user("admin");
        assertTrue(admin.passwordHash().matches("admin-demo".toCharArray()));
    }

    @Test
    void shouldNameTheKeyOfAMistake()
    {
        assertMistake("durability", "bogus",
            "'durability' (an override) must be one of [MEMORY, PROCESS, FSYNC, REPLICATED], not 'bogus'");
        assertMistake("snapshot.every", "often", "'snapshot.every' (an override) must be a whole number >= 0, " +
            "not 'often'");
        assertMistake("snapshot.every", "-1", "'snapshot.every' (an override) must be a whole number >= 0, not '-1'");
        assertMistake("listen", "localhost", "'listen' (an override) must be HOST:PORT, not 'localhost'");
        assertMistake("listen", "127.0.0.1:99999", "'listen' (an override) has port 99999: a port is in [0, 65535]");
        assertMistake("jvm.heap", "lots", "'jvm.heap' (an override) must be a size (bytes, or a number with k, m or " +
            "g), not 'lots'");
        assertMistake("market.06", "ADD_INSTRUMENT tick=5", "'market.06' (an override): unknown field 'tick=5'");
        assertMistake("gateway.max-connections", "0", "'gateway.max-connections' (an override) must be a whole " +
            "number in [1, 2147483647], not '0'");
        assertMistake("market-data.user.vendor1.password", "x", "'market-data.user.vendor1.password' (an override) " +
            "names user 'vendor1': a SoupBinTCP user name is 1 to 6 printable ASCII characters");
        assertMistake("pipeline", "parallel", "'pipeline' (an override) is PARALLEL, which replicated durability does " +
            "not run", "durability", "replicated", "replication.listen", "127.0.0.1:0");
        assertMistake("user.alice.admin", "yes", "'user.alice.admin' (an override) must be true or false, not 'yes'");
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingItsFileLineAndTheNearestKnownKey() throws IOException
    {
        final Path file = directory.resolve("engine.properties");
        Files.writeString(file, "# production\nlisten = 0.0.0.0:9400\ndurabilty = fsync\nuser.ops.pasword = x\n");

        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> ServerSettings.load(file, new Properties()));

        assertTrue(thrown.getMessage().contains("unknown configuration key 'durabilty' (" + file + " line 3): " +
            "did you mean 'durability'?"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("unknown configuration key 'user.ops.pasword' (" + file +
            " line 4): did you mean 'user.ops.password'?"), thrown.getMessage());
    }

    @Test
    void shouldKnowTheClustersKeysAndSuggestThemToo() throws IOException
    {
        final Path file = directory.resolve("cluster.properties");
        Files.writeString(file, "cluster.members = 127.0.0.1,127.0.0.1,127.0.0.1\ncluster.port-base = 21000\n");
        assertEquals("21000", ServerSettings.load(file, new Properties()).configuration().get("cluster.port-base"));

        Files.writeString(file, "cluster.port_base = 21000\n");
        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> ServerSettings.load(file, new Properties()));
        assertTrue(thrown.getMessage().contains("did you mean 'cluster.port-base'?"), thrown.getMessage());
    }

    @Test
    void shouldGiveEachClusterMemberItsAdminEndpointOrNone()
    {
        final Map<String, String> keys = new HashMap<>(Map.of("cluster.member-id", "2"));
        assertEquals(new InetSocketAddress("127.0.0.1", 9422), ClusterSettings.load(keys).adminAddress());
        keys.put("cluster.admin-listen", "off");
        assertNull(ClusterSettings.load(keys).adminAddress());
        keys.put("cluster.admin-listen", "127.0.0.1:9420,127.0.0.1:9421");
        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> ClusterSettings.load(keys));
        assertTrue(thrown.getMessage().contains("'cluster.admin-listen' names 2 addresses, one per member is needed: " +
            "3"), thrown.getMessage());
    }

    @Test
    void shouldRefuseAKeySetTwiceInAFile() throws IOException
    {
        final Path file = directory.resolve("engine.properties");
        Files.writeString(file, "durability = fsync\nwait = balanced\ndurability = process\n");

        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> ServerSettings.load(file, new Properties()));

        assertEquals("configuration key 'durability' is set twice in " + file + ", on lines 1 and 3: keep one",
            thrown.getMessage());
    }

    @Test
    void shouldPretouchTheJournalOfAServerUnlessTurnedOff()
    {
        assertEquals(16L << 20, ServerSettings.load(null, new Properties()).engineConfig().journalPretouchAhead());

        final Properties ahead = new Properties();
        ahead.setProperty("journal.pretouch-ahead", "64m");
        assertEquals(64L << 20, ServerSettings.load(null, ahead).engineConfig().journalPretouchAhead());

        final Properties off = new Properties();
        off.setProperty("journal.pretouch", "false");
        off.setProperty("journal.pretouch-ahead", "64m");
        assertEquals(0, ServerSettings.load(null, off).engineConfig().journalPretouchAhead());
    }

    @Test
    void shouldPretouchTheUsersStreamsOfAServerUnlessTurnedOff()
    {
        assertEquals(128L << 10, ServerSettings.load(null, new Properties()).gatewayConfig().streamPretouchAhead());

        final Properties ahead = new Properties();
        ahead.setProperty("gateway.stream-pretouch-ahead", "1m");
        assertEquals(1L << 20, ServerSettings.load(null, ahead).gatewayConfig().streamPretouchAhead());

        final Properties off = new Properties();
        off.setProperty("gateway.stream-pretouch", "false");
        off.setProperty("gateway.stream-pretouch-ahead", "1m");
        assertEquals(0, ServerSettings.load(null, off).gatewayConfig().streamPretouchAhead());
        assertMistake("gateway.stream-pretouch-ahead", "4095", "'gateway.stream-pretouch-ahead' (an override) must " +
            "be at least a page (4k), not 4095 bytes");
    }

    /** Each session's token bucket counts in token-nanoseconds: more than a billion would overflow at every login. */
    @Test
    void shouldRefuseACommandRateOrBurstBeyondABillion()
    {
        assertMistake("gateway.commands-per-second", "1000000001", "'gateway.commands-per-second' (an override)");
        assertMistake("gateway.command-burst", "9223372036854775807", "'gateway.command-burst' (an override)");
        final Properties most = new Properties();
        most.setProperty("gateway.commands-per-second", "1000000000");
        most.setProperty("gateway.command-burst", "1000000000");
        assertEquals(1_000_000_000L, ServerSettings.load(null, most).gatewayConfig().commandBurst());
    }

    @Test
    void shouldRefuseAPretouchDistanceBelowAPage()
    {
        assertMistake("journal.pretouch-ahead", "1k", "'journal.pretouch-ahead' (an override) must be at least a " +
            "page (4k), not 1024 bytes");
        assertMistake("journal.pretouch-ahead", "soon", "'journal.pretouch-ahead' (an override) must be a size");
        assertMistake("journal.pretouch", "yes", "'journal.pretouch' (an override) must be true or false");
    }

    @Test
    void shouldNameTheFileAndLineOfAMistakenValue() throws IOException
    {
        final Path file = directory.resolve("engine.properties");
        Files.writeString(file, "wait = balanced\nsnapshot.keep = 0\n");

        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> ServerSettings.load(file, new Properties()).validate());

        assertEquals("configuration key 'snapshot.keep' (" + file + " line 2) must be a whole number in " +
            "[1, 2147483647], not '0'", thrown.getMessage());
    }

    @Test
    void shouldNameTheOptionThatSetAMistakenValue()
    {
        final Overrides overrides = new Overrides().set("snapshot.every", "often", "--snapshot-every");

        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> ServerSettings.load(null, overrides).validate());

        assertEquals("option --snapshot-every must be a whole number >= 0, not 'often'", thrown.getMessage());
    }

    @Test
    void shouldRefuseTwoPortsOfTheNodeOnTheSameAddress()
    {
        final Properties overrides = new Properties();
        overrides.setProperty("listen", "127.0.0.1:9400");
        overrides.setProperty("replication.listen", "0.0.0.0:9400");

        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> ServerSettings.load(null, overrides).validate());

        assertTrue(thrown.getMessage().contains("'replication.listen' (an override) names port 9400, which " +
            "'listen' listens on too"), thrown.getMessage());
    }

    @Test
    void shouldTellWhatTheOperatorChangedAndHideTheSecrets()
    {
        final Properties overrides = new Properties();
        overrides.setProperty("wait", "low_latency");
        overrides.setProperty("replication.password", "s3cret");

        final SortedMap<String, String> changes = ServerSettings.load(null, overrides).changes();

        assertEquals("low_latency", changes.get("wait"));
        assertEquals("(secret)", changes.get("replication.password"));
        assertFalse(changes.containsKey("durability"), changes::toString);
    }

    @Test
    void shouldRefuseAReplicationUserOrPasswordTheLoginCannotCarry()
    {
        final Properties overrides = new Properties();
        overrides.setProperty("replication.listen", "127.0.0.1:0");
        overrides.setProperty("replication.user", "replicator");
        IllegalArgumentException thrown =
            assertThrows(IllegalArgumentException.class, () -> ServerSettings.load(null, overrides).replication());
        assertTrue(thrown.getMessage().contains("'replication.user' (an override) must be 1 to 6 characters"), thrown.getMessage());

        overrides.setProperty("replication.user", "repl");
        overrides.setProperty("replication.password", "longer-than-ten");
        thrown = assertThrows(IllegalArgumentException.class, () -> ServerSettings.load(null, overrides).replication());
        assertTrue(thrown.getMessage().contains("'replication.password' (an override) must be at most 10"), thrown.getMessage());
    }

    /** @param others more keys and values, set beside the mistaken one. */
    private static void assertMistake(final String key, final String value, final String message,
        final String... others)
    {
        final Properties overrides = new Properties();
        overrides.setProperty(key, value);
        for (int i = 0; i < others.length; i += 2)
        {
            overrides.setProperty(others[i], others[i + 1]);
        }
        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
            () -> ServerSettings.load(null, overrides).validate());
        assertTrue(thrown.getMessage().contains(message), thrown.getMessage());
    }
}
