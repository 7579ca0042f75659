package dev.exengine.core.account;

import java.util.Arrays;

/**
 * One account: status and, per asset index, available and held balances plus whether the balance entry exists
 * (docs/SEMANTICS.md, "Balance entries"). Available and held of an asset sit next to each other in one array, in one
 * cache line, since a hold or a fill changes both. Allocates nothing after warm-up (arrays grow only when assets are
 * added).
 */
public final class Account
{
    private final long id;
    private final int index;
    private boolean suspended;
    /** Per asset index: available at 2 * index, held at 2 * index + 1. */
    private long[] balances;
    private boolean[] touched;

    public Account(final long id, final int index, final int assetCount)
    {
        this.id = id;
        this.index = index;
        balances = new long[2 * assetCount];
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
        if (touched.length < assetCount)
        {
            final int length = Math.max(assetCount, touched.length * 2);
            balances = Arrays.copyOf(balances, 2 * length);
            touched = Arrays.copyOf(touched, length);
        }
    }

    public long available(final int assetIndex)
    {
        return balances[2 * assetIndex];
    }

    public long held(final int assetIndex)
    {
        return balances[2 * assetIndex + 1];
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
        balances[2 * assetIndex] += amount;
    }

    public void debit(final int assetIndex, final long amount)
    {
        balances[2 * assetIndex] -= amount;
    }

    /** Moves an amount from available to held; a negative amount releases. */
    public void hold(final int assetIndex, final long amount)
    {
        balances[2 * assetIndex] -= amount;
        balances[2 * assetIndex + 1] += amount;
    }

    /** Pays an amount out of held (it leaves the account). */
    public void spendHeld(final int assetIndex, final long amount)
    {
        balances[2 * assetIndex + 1] -= amount;
    }

    /** Sets one balance entry when a snapshot is restored. */
    public void restoreBalance(final int assetIndex, final boolean touched, final long available, final long held)
    {
        this.touched[assetIndex] = touched;
        balances[2 * assetIndex] = available;
        balances[2 * assetIndex + 1] = held;
    }
}
