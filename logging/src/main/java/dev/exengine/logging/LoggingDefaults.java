package dev.exengine.logging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.LogManager;

/**
 * How the engine's programs log: java.util.logging, one line per record on standard error in ISO-8601 UTC
 * ({@link LogFormatter}), Chronicle's own chatter (banners, file growth) only from WARNING up, the audit log at INFO
 * ({@link AuditLog}). Chronicle logs through SLF4J, which slf4j-jdk14 routes here too. The defaults are
 * {@code packaging/logging.properties}, the documented file an operator copies, edits and names with the configuration
 * key {@code logging.config} ({@link #apply(Properties, String)}).
 */
public final class LoggingDefaults
{
    /** The embedded defaults, beside this class: packaging/logging.properties, copied in by the build. */
    private static final String RESOURCE = "logging.properties";
    private static final String JDK_CONFIG_FILE = "java.util.logging.config.file";

    private LoggingDefaults()
    {
    }

    /**
     * Applies the defaults, unless {@code -Djava.util.logging.config.file} names a configuration of the operator's.
     */
    public static void apply()
    {
        if (System.getProperty(JDK_CONFIG_FILE) != null)
        {
            return;
        }
        try (InputStream config = LoggingDefaults.class.getResourceAsStream(RESOURCE))
        {
            LogManager.getLogManager().readConfiguration(config);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the logging defaults " + RESOURCE, ex);
        }
    }

    /**
     * Applies an operator's logging configuration (what the configuration key {@code logging.config} names), once
     * {@link #check} finds nothing wrong with it.
     *
     * @param source where it was read, for the messages.
     * @throws IllegalArgumentException naming the source and the key of a mistake; the logging is unchanged then.
     */
    public static void apply(final Properties configuration, final String source)
    {
        check(configuration, source);
        final StringWriter text = new StringWriter();
        try
        {
            configuration.store(text, null);
            LogManager.getLogManager().readConfiguration(
                new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.ISO_8859_1)));
        }
        catch (final IOException ex)
        {
            // In memory: Properties.store writes Latin-1 with escapes, which readConfiguration reads back.
            throw new UncheckedIOException("cannot apply the logging configuration " + source, ex);
        }
    }

    /**
     * Checks a logging configuration without applying it: every level is a level, every handler a class this program
     * has, the formatter's style one it knows and the audit log's rates numbers in range.
     *
     * @param source where it was read, for the messages.
     * @throws IllegalArgumentException naming the source and the key of the first mistake.
     */
    public static void check(final Properties configuration, final String source)
    {
        for (final String key : new TreeSet<>(configuration.stringPropertyNames()))
        {
            final String value = configuration.getProperty(key).trim();
            try
            {
                if (key.equals("level") || key.endsWith(".level"))
                {
                    level(key, value);
                }
                else if (key.equals("handlers") || key.endsWith(".handlers"))
                {
                    handlers(key, value);
                }
                else if (key.equals(LogFormatter.STYLE_PROPERTY))
                {
                    LogFormatter.style(value);
                }
                else
                {
                    AuditLog.rate(key, value);
                }
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("logging configuration " + source + ": " + ex.getMessage(), ex);
            }
        }
    }

    private static void level(final String key, final String value)
    {
        try
        {
            Level.parse(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(key + " must be a level (SEVERE, WARNING, INFO, CONFIG, FINE, " +
                "FINER, FINEST, OFF, ALL), not '" + value + "'");
        }
    }

    private static void handlers(final String key, final String value)
    {
        for (final String name : value.split("[\\s,]+"))
        {
            if (name.isEmpty())
            {
                continue;
            }
            try
            {
                // As LogManager loads them: through the system class loader.
                Class.forName(name, false, ClassLoader.getSystemClassLoader());
            }
            catch (final ClassNotFoundException ex)
            {
                throw new IllegalArgumentException(key + " names " + name + ", a class this program does not have");
            }
        }
    }
}
