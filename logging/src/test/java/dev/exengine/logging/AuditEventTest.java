package dev.exengine.logging;

import dev.exengine.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditEventTest
{
    @AfterEach
    void resetLogging() throws IOException
    {
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void shouldLogABurstThenHoldBackAndSayHowManyWhenTheKindMayLogAgain()
    {
        try (CapturedLog captured = new CapturedLog(AuditLog.LOGGER_NAME))
        {
            final AuditEvent rejected = new AuditLog().event("login.rejected", Level.WARNING);
            int admitted = 0;
            for (int i = 0; i < 1_000; i++)
            {
                if (rejected.admit(0))
                {
                    rejected.log("login rejected", "user", "mallory", "attempt", i);
                    admitted++;
                }
            }
            assertEquals(20, admitted, "the default burst");
            assertEquals(980, rejected.suppressed());
            assertEquals(20, captured.records().size());

            assertFalse(rejected.admit(999), "under a second later: still no token");
            assertTrue(rejected.admit(1_000), "a second later: one token");
            rejected.log("login rejected", "user", "mallory", "attempt", 1_000);

            assertEquals(22, captured.records().size());
            final AuditRecord summary = (AuditRecord)captured.records().get(20);
            assertEquals("981 more login.rejected suppressed over 1.0 s", summary.getMessage());
            assertEquals(981L, summary.field("suppressed"));
            assertEquals("login.rejected", summary.event());
            assertEquals(Level.WARNING, summary.getLevel());
            assertEquals(1_000, ((AuditRecord)captured.records().get(21)).field("attempt"));
            assertEquals(0, rejected.suppressed());
        }
    }

    @Test
    void shouldSaySoOnItsOwnOnceTheFloodStopped()
    {
        try (CapturedLog captured = new CapturedLog(AuditLog.LOGGER_NAME))
        {
            final AuditLog audit = new AuditLog();
            final AuditEvent shed = audit.event("connection.shed", Level.WARNING);
            final AuditEvent accepted = audit.event("login.accepted", Level.INFO);
            for (int i = 0; i < 25; i++)
            {
                if (shed.admit(0))
                {
                    shed.log("connection shed");
                }
            }
            assertTrue(accepted.admit(0), "another kind has a bucket of its own");
            accepted.log("login accepted");

            audit.reportSuppressed(500);
            assertEquals(21, captured.records().size(), "no token yet: nothing said");
            audit.reportSuppressed(1_000);
            assertEquals(22, captured.records().size());
            assertEquals("5 more connection.shed suppressed over 1.0 s", captured.records().get(21).getMessage());
            audit.reportSuppressed(60_000);
            assertEquals(22, captured.records().size(), "said once");
        }
    }

    @Test
    void shouldRefillNoFurtherThanTheBurstAfterALongQuietSpell()
    {
        try (CapturedLog captured = new CapturedLog(AuditLog.LOGGER_NAME))
        {
            final AuditEvent event = new AuditLog().event("snapshot", Level.INFO);
            assertTrue(event.admit(0));
            int admitted = 0;
            while (event.admit(Long.MAX_VALUE / 2))
            {
                admitted++;
            }
            assertEquals(20, admitted);
        }
    }

    @Test
    void shouldTakeTheRatesOfTheLoggingConfigurationGlobalAndPerKind() throws IOException
    {
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(("""
            exengine.audit.burst = 3
            exengine.audit.per-second = 10
            exengine.audit.login.accepted.burst = 5
            """).getBytes(StandardCharsets.ISO_8859_1)));
        try (CapturedLog captured = new CapturedLog(AuditLog.LOGGER_NAME))
        {
            final AuditLog audit = new AuditLog();
            assertEquals(3, admittedAt(audit.event("login.rejected", Level.WARNING), 0));
            final AuditEvent accepted = audit.event("login.accepted", Level.INFO);
            assertEquals(5, admittedAt(accepted, 0));
            assertEquals(1, admittedAt(accepted, 100), "10 a second: one token in 100 ms");
        }
    }

    @Test
    void shouldRefuseARateThatIsNotOne() throws IOException
    {
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(
            "exengine.audit.per-second = often\n".getBytes(StandardCharsets.ISO_8859_1)));
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> new AuditLog().event("snapshot", Level.INFO));
        assertEquals("exengine.audit.per-second must be a number of lines a second in (0, 1000000], not 'often'",
            error.getMessage());
    }

    @Test
    void shouldNeitherLogNorCountWhatTheLevelLeavesOut()
    {
        final Logger logger = Logger.getLogger(AuditLog.LOGGER_NAME);
        try (CapturedLog captured = new CapturedLog(AuditLog.LOGGER_NAME))
        {
            logger.setLevel(Level.WARNING);
            final AuditEvent accepted = new AuditLog().event("login.accepted", Level.INFO);
            assertFalse(accepted.admit(0));
            assertEquals(0, accepted.suppressed());
        }
    }

    @Test
    void shouldRefuseAFieldNameTheLineUsesItself()
    {
        final AuditEvent event = new AuditLog().event("login.rejected", Level.WARNING);
        assertThrows(IllegalArgumentException.class, () -> event.log("x", "message", "y"));
        assertThrows(IllegalArgumentException.class, () -> event.log("x", "user"));
    }

    private static int admittedAt(final AuditEvent event, final long nowMillis)
    {
        int admitted = 0;
        while (event.admit(nowMillis))
        {
            admitted++;
        }
        return admitted;
    }
}
