package dev.exengine.gateway.user;

import org.agrona.collections.LongHashSet;

/**
 * One trading or operator login: name, password hash, the accounts it may act on and whether it may send admin
 * commands. Immutable after construction. {@link #index()} is its position in the {@link UserDirectory} (from 1) and
 * is what the gateway passes to the engine as a command's origin.
 */
public final class User
{
    private final String name;
    private final PasswordHash passwordHash;
    private final boolean admin;
    private final long[] accounts;
    private final LongHashSet accountSet = new LongHashSet();
    private int index;

    /**
     * @param name     1 to 6 printable ASCII characters without spaces (the SoupBinTCP username field).
     * @param accounts account ids this user may act on; an admin may act on every account anyway.
     */
    public User(final String name, final PasswordHash passwordHash, final boolean admin, final long... accounts)
    {
        if (name.isEmpty() || name.length() > 6 || !name.chars().allMatch(c -> c > ' ' && c < 127))
        {
            throw new IllegalArgumentException("username must be 1 to 6 printable ASCII characters: '" + name + "'");
        }
        this.name = name;
        this.passwordHash = passwordHash;
        this.admin = admin;
        this.accounts = accounts.clone();
        for (final long account : accounts)
        {
            if (account <= 0)
            {
                throw new IllegalArgumentException("account ids are positive: " + account + " of user " + name);
            }
            accountSet.add(account);
        }
    }

    public String name()
    {
        return name;
    }

    public PasswordHash passwordHash()
    {
        return passwordHash;
    }

    public boolean isAdmin()
    {
        return admin;
    }

    /** @return a copy of the configured account ids. */
    public long[] accounts()
    {
        return accounts.clone();
    }

    /** Allocation-free: the gateway asks this for every command. */
    public boolean mayTrade(final long accountId)
    {
        return admin || accountSet.contains(accountId);
    }

    /** Position in the directory, from 1; 0 before the directory took it. */
    public int index()
    {
        return index;
    }

    void index(final int index)
    {
        this.index = index;
    }

    @Override
    public String toString()
    {
        return name + (admin ? " (admin)" : "");
    }
}
