package dev.exengine.core.account;

import java.util.Arrays;

/**
 * One account: status and, per asset index, available and held balances plus whether the balance entry exists
 * (docs/SEMANTICS.md, "Balance entries"). Allocates nothing after warm-up (arrays grow only when assets are added).
 */
public final class Account
{
    private final long id;
    private final int index;
    private boolean suspended;
    private long[] available;
    private long[] held;
    private boolean[] touched;

    public Account(final long id, final int index, final int assetCount)
    {
        this.id = id;
        this.index = index;
        available = new long[assetCount];
        held = new long[assetCount];
        touched = new boolean[assetCount];
    }

    public long id()
    {
        return id;
    }

    /** Position in creation order. */
    public int index()
    {
        return index;
    }

    public boolean isSuspended()
    {
        return suspended;
    }

    public void suspended(final boolean suspended)
    {
        this.suspended = suspended;
    }

    /** Makes room for a newly added asset. */
    public void ensureAssetCapacity(final int assetCount)
    {
        if (available.length < assetCount)
        {
            final int length = Math.max(assetCount, available.length * 2);
            available = Arrays.copyOf(available, length);
            held = Arrays.copyOf(held, length);
            touched = Arrays.copyOf(touched, length);
        }
    }

    public long available(final int assetIndex)
    {
        return available[assetIndex];
    }

    public long held(final int assetIndex)
    {
        return held[assetIndex];
    }

    public boolean isTouched(final int assetIndex)
    {
        return touched[assetIndex];
    }

    /** Marks the balance entry as existing; it is never removed. */
    public void touch(final int assetIndex)
    {
        touched[assetIndex] = true;
    }

    public void credit(final int assetIndex, final long amount)
    {
        available[assetIndex] += amount;
    }

    public void debit(final int assetIndex, final long amount)
    {
        available[assetIndex] -= amount;
    }

    /** Moves an amount from available to held; a negative amount releases. */
    public void hold(final int assetIndex, final long amount)
    {
        available[assetIndex] -= amount;
        held[assetIndex] += amount;
    }

    /** Pays an amount out of held (it leaves the account). */
    public void spendHeld(final int assetIndex, final long amount)
    {
        held[assetIndex] -= amount;
    }

    /** Sets one balance entry when a snapshot is restored. */
    public void restoreBalance(final int assetIndex, final boolean touched, final long available, final long held)
    {
        this.touched[assetIndex] = touched;
        this.available[assetIndex] = available;
        this.held[assetIndex] = held;
    }
}
