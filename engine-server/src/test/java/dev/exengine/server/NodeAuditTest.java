package dev.exengine.server;

import dev.exengine.logging.AuditLog;
import dev.exengine.logging.AuditRecord;
import dev.exengine.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log's lines about a node's life: its configuration and recovery at start, its snapshots. */
class NodeAuditTest
{
    @TempDir
    Path data;

    @Test
    void shouldWriteTheConfigurationTheRecoveryAndTheSnapshotsOfANode()
    {
        final Properties overrides = new Properties();
        overrides.setProperty("data", data.toString());
        overrides.setProperty("listen", "127.0.0.1:0");
        overrides.setProperty("market-data.listen", "off");
        overrides.setProperty("replication.password", "not-in-the-log");
        try (CapturedLog audit = new CapturedLog(AuditLog.LOGGER_NAME))
        {
            try (Node node = Node.start(ServerSettings.load(null, overrides)))
            {
                node.shutdown();
            }
            final AuditRecord configuration = only(audit, "configuration");
            final String changed = (String)configuration.field("changed");
            assertTrue(changed.contains("listen=127.0.0.1:0") && changed.contains("replication.password=(secret)"),
                changed);
            assertTrue(!changed.contains("not-in-the-log"), changed);
            assertEquals(0L, only(audit, "recovery").field("sequence"), "an empty journal");
            final AuditRecord snapshot = only(audit, "snapshot");
            assertEquals(8L, snapshot.field("sequence"), "the shutdown's snapshot, after the starting market");
        }
    }

    private static AuditRecord only(final CapturedLog audit, final String event)
    {
        final List<AuditRecord> lines = audit.records().stream().filter(AuditRecord.class::isInstance)
            .map(AuditRecord.class::cast).filter(line -> line.event().equals(event)).toList();
        assertEquals(1, lines.size(), () -> event + " in " + audit.records().stream()
            .map(record -> record.getMessage()).toList());
        return lines.get(0);
    }
}
