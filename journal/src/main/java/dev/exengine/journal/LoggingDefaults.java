package dev.exengine.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.LogManager;

/**
 * How the engine's programs log unless an operator says otherwise: java.util.logging, one line per record on
 * standard error, Chronicle's own chatter (banners, file growth) only from WARNING up. Chronicle logs through SLF4J,
 * which slf4j-jdk14 routes here too.
 */
public final class LoggingDefaults
{
    private static final String RESOURCE = "/exengine-logging.properties";

    private LoggingDefaults()
    {
    }

    /**
     * Applies the defaults, unless {@code -Djava.util.logging.config.file} names a configuration of the operator's.
     */
    public static void apply()
    {
        if (System.getProperty("java.util.logging.config.file") != null)
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
}
