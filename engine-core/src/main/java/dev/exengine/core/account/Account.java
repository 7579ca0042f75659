package dev.exengine.core.account;

/**
 * One account: status and, per asset index, available and held balances plus whether the balance entry exists
 * (docs/SEMANTICS.md, "Balance entries"). Everything per asset is in one array: first the existence bits, one long per
 * 64 assets, right behind the array's header (which every access reads for its bounds check), then available and held
 * of each asset side by side, since a hold or a fill changes both. A balance change that reports the entry (and so
 * marks it existing) then touches no cache line beyond the header's and the balance's. Allocates nothing after
 * warm-up (the array grows only when assets are added).
 */
public final class Account
{
    private final long id;
    private final int index;
    private boolean suspended;
    /** Longs of existence bits at the start of {@link #balances}; available of asset i at 2 * i + words. */
    private int words;
    private long[] balances;

    public Account(final long id, final int index, final int assetCount)
    {
        this.id = id;
        this.index = index;
        layOut(assetCount);
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
        final int capacity = capacity();
        if (capacity < assetCount)
        {
            layOut(Math.max(assetCount, capacity * 2));
        }
    }

    public long available(final int assetIndex)
    {
        return balances[words + 2 * assetIndex];
    }

    public long held(final int assetIndex)
    {
        return balances[words + 2 * assetIndex + 1];
    }

    public boolean isTouched(final int assetIndex)
    {
        return (balances[assetIndex >>> 6] & (1L << assetIndex)) != 0;
    }

    /** Marks the balance entry as existing; it is never removed. */
    public void touch(final int assetIndex)
    {
        balances[assetIndex >>> 6] |= 1L << assetIndex;
    }

    public void credit(final int assetIndex, final long amount)
    {
        balances[words + 2 * assetIndex] += amount;
    }

    public void debit(final int assetIndex, final long amount)
    {
        balances[words + 2 * assetIndex] -= amount;
    }

    /** Moves an amount from available to held; a negative amount releases. */
    public void hold(final int assetIndex, final long amount)
    {
        final int at = words + 2 * assetIndex;
        balances[at] -= amount;
        balances[at + 1] += amount;
    }

    /** Pays an amount out of held (it leaves the account). */
    public void spendHeld(final int assetIndex, final long amount)
    {
        balances[words + 2 * assetIndex + 1] -= amount;
    }

    /** Sets one balance entry when a snapshot is restored. */
    public void restoreBalance(final int assetIndex, final boolean touched, final long available, final long held)
    {
        if (touched)
        {
            touch(assetIndex);
        }
        else
        {
            balances[assetIndex >>> 6] &= ~(1L << assetIndex);
        }
        balances[words + 2 * assetIndex] = available;
        balances[words + 2 * assetIndex + 1] = held;
    }

    /** How many assets the array has room for. */
    private int capacity()
    {
        return (balances.length - words) >>> 1;
    }

    /** (Re)builds the array for room for this many assets, keeping what it held. */
    private void layOut(final int newCapacity)
    {
        final int newWords = (newCapacity + 63) >>> 6;
        final long[] laidOut = new long[newWords + 2 * newCapacity];
        if (balances != null)
        {
            System.arraycopy(balances, 0, laidOut, 0, words);
            System.arraycopy(balances, words, laidOut, newWords, balances.length - words);
        }
        balances = laidOut;
        words = newWords;
    }
}
