package dev.exengine.logging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoggingDefaultsTest
{
    @AfterEach
    void resetLogging() throws IOException
    {
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void shouldBeTheDocumentedFileOperatorsCopy() throws IOException
    {
        final Properties embedded = new Properties();
        try (InputStream in = LoggingDefaults.class.getResourceAsStream("logging.properties"))
        {
            embedded.load(in);
        }
        final Properties documented = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("..", "packaging", "logging.properties")))
        {
            documented.load(in);
        }
        assertEquals(documented, embedded);
        LoggingDefaults.check(documented, "packaging/logging.properties");
    }

    @Test
    void shouldLogOneIsoUtcLineARecordOnStandardErrorByDefault()
    {
        final PrintStream before = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try
        {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            LoggingDefaults.apply();
            Logger.getLogger("dev.exengine.test").info("hello");
            Logger.getLogger("net.openhft.chronicle.queue").info("chatter");
        }
        finally
        {
            System.setErr(before);
        }
        final String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z INFO dev.exengine.test: hello\\R"),
            text);
    }

    @Test
    void shouldApplyAnOperatorsFileWithJsonLines()
    {
        final PrintStream before = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Properties json = new Properties();
        json.setProperty("handlers", "java.util.logging.ConsoleHandler");
        json.setProperty("java.util.logging.ConsoleHandler.formatter", LogFormatter.class.getName());
        json.setProperty(LogFormatter.STYLE_PROPERTY, "json");
        json.setProperty("exengine.audit.level", "WARNING");
        try
        {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            LoggingDefaults.apply(json, "test");
            final AuditLog audit = new AuditLog();
            final AuditEvent accepted = audit.event("login.accepted", Level.INFO);
            final AuditEvent rejected = audit.event("login.rejected", Level.WARNING);
            assertEquals(false, accepted.admit(0), "below the configured level");
            assertEquals(true, rejected.admit(0));
            rejected.log("login rejected", "user", "bob");
        }
        finally
        {
            System.setErr(before);
        }
        final String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"time\":\"") && text.contains("\"event\":\"login.rejected\",\"user\":\"bob\"}"),
            text);
    }

    @Test
    void shouldNameTheSourceAndTheKeyOfEachMistake()
    {
        assertMistake("exengine.audit.level", "LOUD", "logging configuration /etc/x.properties: " +
            "exengine.audit.level must be a level (SEVERE, WARNING, INFO, CONFIG, FINE, FINER, FINEST, OFF, ALL), " +
            "not 'LOUD'");
        assertMistake("handlers", "java.util.logging.ConsoleHandler, org.example.Missing",
            "logging configuration /etc/x.properties: handlers names org.example.Missing, a class this program " +
            "does not have");
        assertMistake(LogFormatter.STYLE_PROPERTY, "xml", "logging configuration /etc/x.properties: " +
            "dev.exengine.logging.LogFormatter.style must be text or json, not 'xml'");
        assertMistake("exengine.audit.login.rejected.burst", "0", "logging configuration /etc/x.properties: " +
            "exengine.audit.login.rejected.burst must be a whole number >= 1, not '0'");
    }

    private static void assertMistake(final String key, final String value, final String message)
    {
        final Properties properties = new Properties();
        properties.setProperty(".level", "INFO");
        properties.setProperty(key, value);
        assertEquals(message, assertThrows(IllegalArgumentException.class,
            () -> LoggingDefaults.check(properties, "/etc/x.properties")).getMessage());
    }
}
