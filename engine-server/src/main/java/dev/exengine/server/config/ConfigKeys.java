package dev.exengine.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The registry of every configuration key a node knows: what makes a misspelt key ({@code durabilty}) an error rather
 * than a setting silently ignored. A feature adds its keys here, in one of two ways:
 * <ul>
 *   <li>a key of its own ({@code snapshot.every}): it is written, with its default (blank for none) and a comment
 *       saying what it does, in {@code engine-default.properties}, the operator's reference to every key (the
 *       cluster's keys in the cluster module's {@code cluster-default.properties}). Being there is what makes it
 *       known; nothing else is to be done;</li>
 *   <li>a family of keys whose middle part is a name the operator chooses ({@code user.NAME.password}): a
 *       {@link Family} in {@link #FAMILIES} below, with its fields; the defaults may hold a few (the demo users).</li>
 * </ul>
 * A key that neither makes known is refused, with the nearest known one as a suggestion (edit distance). Keys named
 * {@code ...password} or {@code ...credential} are secrets: never logged, never shown.
 */
public final class ConfigKeys
{
    /** Every key with its default, the operator's reference: a resource of engine-server. */
    public static final String DEFAULTS = "/engine-default.properties";
    /** The cluster's keys ({@code bin/engine cluster}), each with its default and comment: a resource of cluster. */
    public static final String CLUSTER_DEFAULTS = "/cluster-default.properties";

    /**
     * The families of keys whose middle part the operator names. Register a new family here; its plain keys go in
     * the defaults file.
     */
    public static final List<Family> FAMILIES = List.of(
        new Family("user.", "NAME", List.of("password", "admin", "accounts"), "a user of the gateway"),
        new Family("market.", "NN", List.of(), "a command of the starting market"),
        new Family("market-data.user.", "NAME", List.of("password"), "a reader of the market-data feed"));

    private static final ConfigKeys INSTANCE = new ConfigKeys(knownKeys());

    /**
     * Keys {@code PREFIX NAME . FIELD} for every name the operator chooses (a single word, no dot), or
     * {@code PREFIX NAME} with any name when there are no fields.
     *
     * @param what what one entry of the family is, for messages: "a user of the gateway".
     */
    public record Family(String prefix, String placeholder, List<String> fields, String what)
    {
        boolean contains(final String key)
        {
            if (!key.startsWith(prefix) || key.length() == prefix.length())
            {
                return false;
            }
            if (fields.isEmpty())
            {
                return true;
            }
            final int dot = key.lastIndexOf('.');
            return dot > prefix.length() && key.indexOf('.', prefix.length()) == dot &&
                fields.contains(key.substring(dot + 1));
        }

        /** This family's keys with the name of {@code key} in their middle, as candidates for a suggestion. */
        List<String> candidatesFor(final String key)
        {
            final String[] parts = key.split("\\.", -1);
            final int prefixParts = prefix.split("\\.").length;
            if (fields.isEmpty())
            {
                final String rest = parts.length > prefixParts ?
                    String.join(".", List.of(parts).subList(prefixParts, parts.length)) : placeholder;
                return List.of(prefix + rest);
            }
            final String name = parts.length > prefixParts + 1 ?
                String.join(".", List.of(parts).subList(prefixParts, parts.length - 1)) : placeholder;
            return fields.stream().map(field -> prefix + name + "." + field).toList();
        }

        /** The family's form, for messages: {@code user.NAME.password, user.NAME.admin, user.NAME.accounts}. */
        String form()
        {
            return fields.isEmpty() ? prefix + placeholder :
                fields.stream().map(field -> prefix + placeholder + "." + field).collect(Collectors.joining(", "));
        }
    }

    private final Set<String> plain = new TreeSet<>();

    private ConfigKeys(final Properties defaults)
    {
        for (final String key : defaults.stringPropertyNames())
        {
            if (family(key) == null)
            {
                plain.add(key);
            }
        }
    }

    /** The registry: the defaults' keys and the families. */
    public static ConfigKeys registry()
    {
        return INSTANCE;
    }

    /** The embedded defaults, every plain key with its default value. */
    public static Properties readDefaults()
    {
        return read(DEFAULTS);
    }

    /** The keys a node knows: its own defaults' and the cluster's ({@code bin/engine cluster} reads them). */
    private static Properties knownKeys()
    {
        final Properties known = read(CLUSTER_DEFAULTS);
        known.putAll(readDefaults());
        return known;
    }

    private static Properties read(final String resource)
    {
        final Properties defaults = new Properties();
        try (InputStream in = ConfigKeys.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("the embedded defaults " + resource + " are missing");
            }
            defaults.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the embedded defaults " + resource, ex);
        }
        return defaults;
    }

    public boolean isKnown(final String key)
    {
        return plain.contains(key) || family(key) != null;
    }

    /** The plain keys, sorted. */
    public Set<String> plainKeys()
    {
        return java.util.Collections.unmodifiableSet(plain);
    }

    /** @return the family a key belongs to, or null. */
    public static Family family(final String key)
    {
        for (final Family family : FAMILIES)
        {
            if (family.contains(key))
            {
                return family;
            }
        }
        return null;
    }

    /** Whether a key's value is a secret (a password, a credential's hash): never logged or shown. */
    public static boolean isSecret(final String key)
    {
        return key.endsWith("password") || key.endsWith("credential");
    }

    /**
     * What to tell an operator who wrote an unknown key: the nearest known key when one is near enough, and for a key
     * that starts like a family, that family's form.
     */
    public String advice(final String key)
    {
        final List<String> candidates = new ArrayList<>(plain);
        Family started = null;
        for (final Family family : FAMILIES)
        {
            candidates.addAll(family.candidatesFor(key));
            if (key.startsWith(family.prefix()))
            {
                started = family;
            }
        }
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (final String candidate : candidates)
        {
            final int distance = distance(key, candidate);
            if (distance < best)
            {
                best = distance;
                nearest = candidate;
            }
        }
        final StringBuilder advice = new StringBuilder();
        if (nearest != null && best <= Math.max(2, key.length() / 4))
        {
            advice.append("did you mean '").append(nearest).append("'?");
        }
        if (started != null)
        {
            advice.append(advice.length() > 0 ? " " : "").append("The keys of ").append(started.what()).append(" are ")
                .append(started.form()).append('.');
        }
        if (advice.length() == 0)
        {
            advice.append("no known key is near it; every key is in engine-default.properties.");
        }
        return advice.toString();
    }

    /** Levenshtein's edit distance: insertions, deletions and substitutions of one character. */
    static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
