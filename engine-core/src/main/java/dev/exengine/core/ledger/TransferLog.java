package dev.exengine.core.ledger;

import dev.exengine.core.event.RejectReason;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The remembered transfer outcomes of one from-account, in the order they happened (the canonical order for the
 * hash and the snapshot), indexed by transferId. Allocates nothing except when it grows with a new record.
 */
public final class TransferLog
{
    private static final int INITIAL_CAPACITY = 4;

    private final Long2LongHashMap slotByTransferId = new Long2LongHashMap(-1);
    private long[] transferIds = new long[INITIAL_CAPACITY];
    private long[] targetAccountIds = new long[INITIAL_CAPACITY];
    private int[] assetIds = new int[INITIAL_CAPACITY];
    private long[] amounts = new long[INITIAL_CAPACITY];
    private RejectReason[] reasons = new RejectReason[INITIAL_CAPACITY];
    private int size;

    /**
     * @return the slot of the transfer's outcome, or -1 when this transferId was never used.
     */
    public int find(final long transferId)
    {
        return (int)slotByTransferId.get(transferId);
    }

    /**
     * Remembers the outcome of a transfer; reason NONE means done.
     */
    public void record(
        final long transferId, final long targetAccountId, final int assetId, final long amount,
        final RejectReason reason)
    {
        if (size == transferIds.length)
        {
            final int capacity = size * 2;
            transferIds = Arrays.copyOf(transferIds, capacity);
            targetAccountIds = Arrays.copyOf(targetAccountIds, capacity);
            assetIds = Arrays.copyOf(assetIds, capacity);
            amounts = Arrays.copyOf(amounts, capacity);
            reasons = Arrays.copyOf(reasons, capacity);
        }
        transferIds[size] = transferId;
        targetAccountIds[size] = targetAccountId;
        assetIds[size] = assetId;
        amounts[size] = amount;
        reasons[size] = reason;
        slotByTransferId.put(transferId, size);
        size++;
    }

    public int size()
    {
        return size;
    }

    public long transferId(final int slot)
    {
        return transferIds[slot];
    }

    public long targetAccountId(final int slot)
    {
        return targetAccountIds[slot];
    }

    public int assetId(final int slot)
    {
        return assetIds[slot];
    }

    public long amount(final int slot)
    {
        return amounts[slot];
    }

    public RejectReason reason(final int slot)
    {
        return reasons[slot];
    }
}
