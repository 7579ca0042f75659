package dev.exengine.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A node's configuration key by key, and where each value comes from: the embedded defaults, overlaid by an
 * operator's file ({@link ConfigFile}), overlaid by the command line ({@link Overrides}). A file that names keys of a
 * family ({@link ConfigKeys#FAMILIES}: users, the starting market) replaces the defaults' entries of that family whole.
 * A key the registry does not know is refused when the values are loaded, with the nearest known key; every reader
 * here refuses a value it cannot take with a message naming the option or key the operator wrote, and the file and
 * line.
 */
public final class ConfigValues
{
    private final Properties values;
    private final Map<String, String> sources;
    private final Path file;

    private ConfigValues(final Properties values, final Map<String, String> sources, final Path file)
    {
        this.values = values;
        this.sources = sources;
        this.file = file;
    }

    /**
     * @param file an operator's configuration file, or null for the embedded defaults alone.
     * @throws IllegalArgumentException listing every unknown key, where it is set and what is near it; or naming a key
     *                                  set twice in the file.
     * @throws java.io.UncheckedIOException when the file cannot be read, with the operating system's reason.
     */
    public static ConfigValues load(final Path file, final Overrides overrides)
    {
        final ConfigKeys keys = ConfigKeys.registry();
        final Properties values = ConfigKeys.readDefaults();
        final Map<String, String> sources = new HashMap<>();
        for (final String key : values.stringPropertyNames())
        {
            sources.put(key, "configuration key '" + key + "' (the embedded default)");
        }
        final List<String> unknown = new ArrayList<>();
        if (file != null)
        {
            final ConfigFile read = ConfigFile.read(file);
            final Properties fromFile = read.properties();
            for (final ConfigKeys.Family family : ConfigKeys.FAMILIES)
            {
                if (fromFile.stringPropertyNames().stream().anyMatch(family::contains))
                {
                    values.stringPropertyNames().stream().filter(family::contains).forEach(values::remove);
                }
            }
            for (final String key : fromFile.stringPropertyNames())
            {
                final String where = file + " line " + read.line(key);
                if (!keys.isKnown(key))
                {
                    unknown.add("unknown configuration key '" + key + "' (" + where + "): " + keys.advice(key));
                }
                values.setProperty(key, fromFile.getProperty(key));
                sources.put(key, "configuration key '" + key + "' (" + where + ")");
            }
        }
        for (final Map.Entry<String, String> set : overrides.values().entrySet())
        {
            final String key = set.getKey();
            final String option = overrides.option(key);
            if (!keys.isKnown(key))
            {
                unknown.add("unknown configuration key '" + key + "' (set on the command line): " + keys.advice(key));
            }
            values.setProperty(key, set.getValue());
            sources.put(key, option != null ? "option " + option : "configuration key '" + key + "' (an override)");
        }
        if (!unknown.isEmpty())
        {
            unknown.sort(null);
            throw new IllegalArgumentException(String.join(System.lineSeparator(), unknown));
        }
        return new ConfigValues(values, sources, file);
    }

    /** Every key with its value: the defaults with the file and the command line applied. */
    public Properties properties()
    {
        return values;
    }

    /** The operator's file, or null when there is none. */
    public Path file()
    {
        return file;
    }

    /**
     * What a message calls a key's value: {@code option --snapshot-every}, or
     * {@code configuration key 'snapshot.every' (engine.properties line 7)}.
     */
    public String subject(final String key)
    {
        return sources.getOrDefault(key, "configuration key '" + key + "'");
    }

    /** Whether the value is the embedded default's. */
    public boolean isDefault(final String key)
    {
        return sources.getOrDefault(key, "").endsWith("(the embedded default)");
    }

    /** A mistake in a key's value, told in the operator's words. */
    public IllegalArgumentException mistake(final String key, final String what)
    {
        return new IllegalArgumentException(subject(key) + " " + what);
    }

    /** @throws IllegalArgumentException when the key is missing or blank. */
    public String text(final String key)
    {
        final String value = values.getProperty(key);
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException(subject(key) + " is missing");
        }
        return value.trim();
    }

    /** @return the value, or null when it is blank or missing. */
    public String optional(final String key)
    {
        final String value = values.getProperty(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A whole number in [{@code min}, {@code max}]. */
    public long number(final String key, final long min, final long max)
    {
        return number(key, text(key), min, max);
    }

    /** A whole number in [{@code min}, {@code max}], one of a key's values. */
    public long number(final String key, final String text, final long min, final long max)
    {
        try
        {
            final long number = Long.parseLong(text.trim());
            if (number >= min && number <= max)
            {
                return number;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // Said below, with the key.
        }
        throw mistake(key, "must be a whole number " + range(min, max) + ", not '" + text.trim() + "'");
    }

    /** {@code true} or {@code false}, in any case; nothing else ({@code yes} would otherwise read as false). */
    public boolean bool(final String key)
    {
        final String text = text(key);
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))
        {
            return Boolean.parseBoolean(text);
        }
        throw mistake(key, "must be true or false, not '" + text + "'");
    }

    /** A size in bytes: a number, or a number with k, m or g (binary multiples), as the JVM's own options take. */
    public long size(final String key)
    {
        final String text = text(key).toLowerCase(Locale.ROOT);
        final int shift = text.endsWith("k") ? 10 : text.endsWith("m") ? 20 : text.endsWith("g") ? 30 : 0;
        try
        {
            final long number = Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1));
            if (number > 0 && number <= Long.MAX_VALUE >> shift)
            {
                return number << shift;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // Said below, with the key.
        }
        throw mistake(key, "must be a size (bytes, or a number with k, m or g), not '" + text(key) + "'");
    }

    public <E extends Enum<E>> E choice(final String key, final Class<E> type)
    {
        final String text = text(key);
        try
        {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw mistake(key, "must be one of " + List.of(type.getEnumConstants()) + ", not '" + text + "'");
        }
    }

    /** HOST:PORT, the port in [0, 65535]; a host that does not resolve (yet: a peer's) is kept unresolved. */
    public InetSocketAddress address(final String key, final String text)
    {
        return hostPort(subject(key), text);
    }

    /**
     * HOST:PORT, the port in [0, 65535], for a configuration key or an option.
     *
     * @param subject what the message calls it: "option --node".
     */
    public static InetSocketAddress hostPort(final String subject, final String text)
    {
        final int colon = text.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException(subject + " must be HOST:PORT, not '" + text + "'");
        }
        String host = text.substring(0, colon).trim();
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty())
        {
            throw new IllegalArgumentException(subject + " must name a host, as in 127.0.0.1:9400 (0.0.0.0 for " +
                "every interface), not '" + text + "'");
        }
        final String port = text.substring(colon + 1).trim();
        final int number;
        try
        {
            number = Integer.parseInt(port);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(subject + " must end in a port number, not '" + port + "' (in '" +
                text + "')");
        }
        if (number < 0 || number > 0xFFFF)
        {
            throw new IllegalArgumentException(subject + " has port " + number + ": a port is in [0, 65535] " +
                "(0 for any free one)");
        }
        return new InetSocketAddress(host, number);
    }

    /** An address this node listens on: HOST:PORT whose host resolves to an address of this machine's. */
    public InetSocketAddress listenAddress(final String key, final String text)
    {
        final InetSocketAddress address = address(key, text);
        if (address.isUnresolved())
        {
            throw mistake(key, "names host '" + address.getHostString() + "', which does not resolve");
        }
        return address;
    }

    private static String range(final long min, final long max)
    {
        if (max == Long.MAX_VALUE)
        {
            return ">= " + min;
        }
        return "in [" + min + ", " + max + "]";
    }
}
