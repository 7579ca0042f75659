package dev.exengine.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration keys set on the command line, each with the option that set it ({@code --snapshot-every}), so that a
 * mistake is told in the words the operator wrote.
 */
public final class Overrides
{
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();

    /** Keys set by a program rather than an option (tests, the benchmark). */
    public static Overrides of(final Properties properties)
    {
        final Overrides overrides = new Overrides();
        for (final String key : properties.stringPropertyNames())
        {
            overrides.set(key, properties.getProperty(key), null);
        }
        return overrides;
    }

    /**
     * @param value  null for an option not given: nothing is set.
     * @param option the option that set it, or null when none did.
     */
    public Overrides set(final String key, final String value, final String option)
    {
        if (value != null)
        {
            values.put(key, value);
            if (option != null)
            {
                options.put(key, option);
            }
        }
        return this;
    }

    public Map<String, String> values()
    {
        return Collections.unmodifiableMap(values);
    }

    /** @return the option that set the key, or null. */
    public String option(final String key)
    {
        return options.get(key);
    }
}
