package dev.exengine.server.config;

import dev.exengine.server.OsReason;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * An operator's configuration file, read as {@link Properties#load(java.io.Reader)} reads it (UTF-8), and where each
 * key is set: every logical line (a line and its continuations) is read on its own by the same parser, so that a
 * key is the one the JDK sees. A key set twice is a mistake here, where the JDK would keep the last silently.
 */
public final class ConfigFile
{
    private final Path path;
    private final Properties properties;
    private final Map<String, Integer> lines;

    private ConfigFile(final Path path, final Properties properties, final Map<String, Integer> lines)
    {
        this.path = path;
        this.properties = properties;
        this.lines = lines;
    }

    /**
     * @throws UncheckedIOException     when the file cannot be read, naming it and the operating system's reason.
     * @throws IllegalArgumentException naming the file and line of a key set twice, or of a line that does not read.
     */
    public static ConfigFile read(final Path path)
    {
        final Properties properties = new Properties();
        final Map<String, Integer> lines = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8))
        {
            final StringBuilder logical = new StringBuilder();
            int number = 0;
            int first = 0;
            String line;
            while ((line = reader.readLine()) != null)
            {
                number++;
                final String stripped = line.stripLeading();
                if (logical.length() == 0)
                {
                    if (stripped.isEmpty() || stripped.charAt(0) == '#' || stripped.charAt(0) == '!')
                    {
                        continue;
                    }
                    first = number;
                }
                logical.append(logical.length() == 0 ? line : stripped).append('\n');
                if (!continues(line))
                {
                    take(path, logical.toString(), first, properties, lines);
                    logical.setLength(0);
                }
            }
            if (logical.length() > 0)
            {
                take(path, logical.toString(), first, properties, lines);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read configuration file " + path + ": " + OsReason.of(ex), ex);
        }
        return new ConfigFile(path, properties, lines);
    }

    public Path path()
    {
        return path;
    }

    /** Every key the file sets, with its value. */
    public Properties properties()
    {
        return properties;
    }

    /** @return the line where the key is set, or 0 when the file does not set it. */
    public int line(final String key)
    {
        final Integer line = lines.get(key);
        return line == null ? 0 : line;
    }

    /** An odd number of backslashes at its end continues a line on the next one. */
    private static boolean continues(final String line)
    {
        int slashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--)
        {
            slashes++;
        }
        return slashes % 2 == 1;
    }

    private static void take(
        final Path path, final String logical, final int line, final Properties properties,
        final Map<String, Integer> lines) throws IOException
    {
        final Properties one = new Properties();
        try
        {
            one.load(new StringReader(logical));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(path + " line " + line + " does not read: " + ex.getMessage(), ex);
        }
        for (final String key : one.stringPropertyNames())
        {
            final Integer earlier = lines.putIfAbsent(key, line);
            if (earlier != null)
            {
                throw new IllegalArgumentException("configuration key '" + key + "' is set twice in " + path +
                    ", on lines " + earlier + " and " + line + ": keep one");
            }
            properties.setProperty(key, one.getProperty(key));
        }
    }
}
