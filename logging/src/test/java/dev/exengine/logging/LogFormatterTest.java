package dev.exengine.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFormatterTest
{
    private static final Instant AT = Instant.parse("2026-03-14T09:26:53.589793123Z");

    @Test
    void shouldWriteTheTimeInUtcWhateverTheMachinesZone()
    {
        final TimeZone before = TimeZone.getDefault();
        try
        {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            assertEquals("2026-03-14T09:26:53.589793Z INFO dev.exengine.server.Node: listening on 127.0.0.1:9400" +
                System.lineSeparator(), text(record(Level.INFO, "dev.exengine.server.Node", "listening on {0}",
                "127.0.0.1:9400")));
        }
        finally
        {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void shouldWriteTheAuditFieldsAfterTheMessageQuotedWhereTheyAreMoreThanOneWord()
    {
        final AuditRecord rejected = audit("login rejected", "user", "bob", "address", "10.0.0.7",
            "reason", "wrong password", "attempts", 3L);
        assertEquals("2026-03-14T09:26:53.589793Z WARNING exengine.audit: login rejected event=login.rejected " +
            "user=bob address=10.0.0.7 reason=\"wrong password\" attempts=3" + System.lineSeparator(), text(rejected));
    }

    @Test
    void shouldNotLetWhatAClientSendsForgeALine()
    {
        final String forged = "x\n2026-03-14T09:26:53.589793Z INFO exengine.audit: login accepted user=admin";
        final String line = text(audit("login rejected " + forged, "user", forged, "quote", "a\"b\\c", "empty", ""));
        assertEquals(1, line.split(System.lineSeparator(), -1).length - 1, line);
        assertTrue(line.contains("login rejected x\\n2026"), line);
        assertTrue(line.contains(" user=\"x\\n2026-03-14T09:26:53.589793Z INFO exengine.audit: login accepted " +
            "user=admin\""), line);
        assertTrue(line.contains(" quote=\"a\\\"b\\\\c\" empty=\"\""), line);
        assertTrue(text(audit("m", "user", "a\u0007\u2028b")).contains("user=\"a\\u0007\\u2028b\""));
    }

    @Test
    void shouldWriteOneJsonObjectALineWithTheFieldsAsMembers() throws IOException
    {
        final AuditRecord rejected = audit("login rejected", "user", "b\"o\nb", "address", "10.0.0.7",
            "attempts", 3L, "fenced", true);
        final String line = new LogFormatter(LogFormatter.Style.JSON).format(rejected);
        assertTrue(line.endsWith(System.lineSeparator()) && line.indexOf('\n') == line.length() - 1, line);
        final Map<String, Object> members = parse(line);
        assertEquals("2026-03-14T09:26:53.589793Z", members.get("time"));
        assertEquals("WARNING", members.get("level"));
        assertEquals("exengine.audit", members.get("logger"));
        assertEquals(Thread.currentThread().getName(), members.get("thread"));
        assertEquals("login rejected", members.get("message"));
        assertEquals("login.rejected", members.get("event"));
        assertEquals("b\"o\nb", members.get("user"));
        assertEquals(3L, members.get("attempts"));
        assertEquals(true, members.get("fenced"));
    }

    @Test
    void shouldWriteTheStackTraceOfAThrowable() throws IOException
    {
        final LogRecord failed = record(Level.SEVERE, "dev.exengine.gateway.Gateway", "gateway failed");
        failed.setThrown(new IllegalStateException("boom"));
        final String text = text(failed);
        assertTrue(text.startsWith("2026-03-14T09:26:53.589793Z SEVERE dev.exengine.gateway.Gateway: gateway failed" +
            System.lineSeparator() + "java.lang.IllegalStateException: boom"), text);
        final String error = (String)parse(new LogFormatter(LogFormatter.Style.JSON).format(failed)).get("error");
        assertTrue(error.startsWith("java.lang.IllegalStateException: boom"), error);
        assertTrue(error.contains("\tat dev.exengine.logging.LogFormatterTest"), error);
    }

    @Test
    void shouldNameTheKeyWhenTheStyleIsNeitherTextNorJson()
    {
        assertEquals(LogFormatter.Style.JSON, LogFormatter.style(" Json "));
        assertEquals(LogFormatter.Style.TEXT, LogFormatter.style(null));
        assertEquals("dev.exengine.logging.LogFormatter.style must be text or json, not 'yaml'",
            assertThrows(IllegalArgumentException.class, () -> LogFormatter.style("yaml")).getMessage());
    }

    private static String text(final LogRecord record)
    {
        return new LogFormatter(LogFormatter.Style.TEXT).format(record);
    }

    private static LogRecord record(final Level level, final String logger, final String message,
        final Object... parameters)
    {
        final LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        record.setInstant(AT);
        record.setParameters(parameters);
        return record;
    }

    private static AuditRecord audit(final String message, final Object... fields)
    {
        final AuditRecord record = new AuditRecord(Level.WARNING, AuditLog.LOGGER_NAME, "login.rejected", message,
            fields);
        record.setInstant(AT);
        return record;
    }

    private static Map<String, Object> parse(final String line) throws IOException
    {
        final Map<String, Object> members = new LinkedHashMap<>();
        try (JsonParser json = new JsonFactory().createParser(line))
        {
            assertEquals(JsonToken.START_OBJECT, json.nextToken());
            while (json.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = json.currentName();
                final JsonToken value = json.nextToken();
                members.put(name, switch (value)
                {
                    case VALUE_NUMBER_INT -> json.getLongValue();
                    case VALUE_TRUE, VALUE_FALSE -> json.getBooleanValue();
                    default -> json.getText();
                });
            }
            assertEquals(null, json.nextToken(), "one object");
        }
        return members;
    }
}
