package dev.exengine.core.account;

/**
 * An asset with its dense index (creation order) and its cash totals. Allocates nothing.
 */
public final class Asset
{
    private final int id;
    private final int index;
    private final int scale;
    private long deposited;
    private long withdrawn;

    public Asset(final int id, final int index, final int scale)
    {
        this.id = id;
        this.index = index;
        this.scale = scale;
    }

    public int id()
    {
        return id;
    }

    /** Position in creation order: the index of this asset in every account's balance arrays. */
    public int index()
    {
        return index;
    }

    public int scale()
    {
        return scale;
    }

    public long deposited()
    {
        return deposited;
    }

    public long withdrawn()
    {
        return withdrawn;
    }

    public void addDeposit(final long amount)
    {
        deposited += amount;
    }

    public void addWithdrawal(final long amount)
    {
        withdrawn += amount;
    }

    /** Sets the totals when a snapshot is restored. */
    public void restoreTotals(final long deposited, final long withdrawn)
    {
        this.deposited = deposited;
        this.withdrawn = withdrawn;
    }
}
