package dev.exengine.gateway.user;

import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The users the gateway knows, from configuration. Immutable. Each user gets an index (1, 2, ... in the order
 * given) that identifies it to the engine; {@link #owners(long)} answers which users receive an account's events.
 *
 * <p>Properties form (see {@link #fromProperties}):
 * <pre>
 * user.alice.password = pbkdf2-sha256:600000:...:...   (a line printed by HashPassword)
 * user.alice.accounts = 1001, 1002
 * user.ops.password   = pbkdf2-sha256:600000:...:...
 * user.ops.admin      = true
 * </pre>
 */
public final class UserDirectory
{
    private static final System.Logger LOG = System.getLogger(UserDirectory.class.getName());
    private static final User[] NONE = new User[0];

    private final List<User> users;
    private final Map<String, User> byName = new HashMap<>();
    private final Long2ObjectHashMap<User[]> ownersByAccount = new Long2ObjectHashMap<>();

    public UserDirectory(final List<User> users)
    {
        this.users = List.copyOf(users);
        final Map<Long, List<User>> owners = new HashMap<>();
        for (int i = 0; i < this.users.size(); i++)
        {
            final User user = this.users.get(i);
            if (byName.putIfAbsent(user.name(), user) != null)
            {
                throw new IllegalArgumentException("user " + user.name() + " configured twice");
            }
            if (user.index() != 0)
            {
                throw new IllegalArgumentException("user " + user.name() + " already belongs to a directory");
            }
            user.index(i + 1);
            for (final long account : user.accounts())
            {
                owners.computeIfAbsent(account, k -> new ArrayList<>()).add(user);
            }
        }
        owners.forEach((account, list) -> ownersByAccount.put(account.longValue(), list.toArray(NONE)));
    }

    public static UserDirectory of(final User... users)
    {
        return new UserDirectory(Arrays.asList(users));
    }

    /**
     * Reads {@code user.<name>.password}, {@code user.<name>.accounts} (comma separated) and
     * {@code user.<name>.admin}; users are indexed in name order so that the same file always gives the same indices.
     */
    public static UserDirectory fromProperties(final Properties properties)
    {
        final TreeSet<String> names = new TreeSet<>();
        for (final String key : properties.stringPropertyNames())
        {
            if (key.startsWith("user."))
            {
                final int dot = key.indexOf('.', 5);
                if (dot < 0)
                {
                    throw new IllegalArgumentException("user property without a field: " + key);
                }
                names.add(key.substring(5, dot));
            }
        }
        final List<User> users = new ArrayList<>();
        for (final String name : names)
        {
            final String hash = properties.getProperty("user." + name + ".password");
            if (hash == null)
            {
                throw new IllegalArgumentException("user " + name + " has no password hash");
            }
            final String accountList = properties.getProperty("user." + name + ".accounts", "").trim();
            final long[] accounts = accountList.isEmpty() ? new long[0] :
                Arrays.stream(accountList.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
            final boolean admin = Boolean.parseBoolean(properties.getProperty("user." + name + ".admin", "false").trim());
            final PasswordHash passwordHash = PasswordHash.parse(hash);
            if (passwordHash.iterations() < PasswordHash.DEFAULT_ITERATIONS)
            {
                // It still logs in: the iterations are part of the hash line. Only the operator can make a new one.
                LOG.log(System.Logger.Level.WARNING, "user " + name + ": password hash of " +
                    passwordHash.iterations() + " iterations, weaker than the " + PasswordHash.DEFAULT_ITERATIONS +
                    " recommended; make a new line with hash-password");
            }
            users.add(new User(name, passwordHash, admin, accounts));
        }
        return new UserDirectory(users);
    }

    /** Reads a properties file in the form of {@link #fromProperties}. */
    public static UserDirectory load(final Path file)
    {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read user directory " + file, ex);
        }
        return fromProperties(properties);
    }

    /** @return the user, or null. */
    public User user(final String name)
    {
        return byName.get(name);
    }

    /** @return the user with this index (from 1), or null. */
    public User user(final int index)
    {
        return index >= 1 && index <= users.size() ? users.get(index - 1) : null;
    }

    /** Users in index order. */
    public List<User> users()
    {
        return Collections.unmodifiableList(users);
    }

    public int size()
    {
        return users.size();
    }

    /** @return the users configured for the account (possibly empty); allocation-free, the array is shared. */
    public User[] owners(final long accountId)
    {
        final User[] owners = ownersByAccount.get(accountId);
        return owners == null ? NONE : owners;
    }
}
