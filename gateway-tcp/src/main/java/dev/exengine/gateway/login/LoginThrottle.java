package dev.exengine.gateway.login;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Limits failed logins per remote address: after {@code maxFailures} failures within {@code windowMillis} of the first
 * one, further attempts from that address are refused without checking the password until the window has passed.
 * Bounded: expired entries are dropped once the table holds {@code maxAddresses}, and when every entry is live the
 * address is refused (a flood of addresses is an attack in itself). Single-threaded (the gateway's thread).
 */
public final class LoginThrottle
{
    private final int maxFailures;
    private final long windowMillis;
    private final int maxAddresses;
    private final Map<String, long[]> failures = new HashMap<>();

    public LoginThrottle(final int maxFailures, final long windowMillis, final int maxAddresses)
    {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.maxAddresses = maxAddresses;
    }

    /** @return false when the address used up its failures in the current window. */
    public boolean allows(final String address, final long nowMillis)
    {
        final long[] entry = failures.get(address);
        if (entry == null)
        {
            return true;
        }
        if (nowMillis - entry[0] >= windowMillis)
        {
            failures.remove(address);
            return true;
        }
        return entry[1] < maxFailures;
    }

    /** @return false when the table is full of live entries and the address cannot even be tracked. */
    public boolean onFailure(final String address, final long nowMillis)
    {
        long[] entry = failures.get(address);
        if (entry == null || nowMillis - entry[0] >= windowMillis)
        {
            if (entry == null && failures.size() >= maxAddresses && !purge(nowMillis))
            {
                return false;
            }
            entry = new long[] {nowMillis, 0};
            failures.put(address, entry);
        }
        entry[1]++;
        return true;
    }

    public void onSuccess(final String address)
    {
        failures.remove(address);
    }

    private boolean purge(final long nowMillis)
    {
        final Iterator<long[]> it = failures.values().iterator();
        while (it.hasNext())
        {
            if (nowMillis - it.next()[0] >= windowMillis)
            {
                it.remove();
            }
        }
        return failures.size() < maxAddresses;
    }
}
