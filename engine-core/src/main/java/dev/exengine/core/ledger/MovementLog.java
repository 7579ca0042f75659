package dev.exengine.core.ledger;

import dev.exengine.core.event.RejectReason;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The remembered outcomes of one account's cash movements of one kind (its transfers, its deposits or its
 * withdrawals), in the order they happened (the canonical order for the hash and the snapshot), indexed by the
 * client's id of each: transferId or movementId. The target account is a transfer's; 0 for the other kinds.
 * Allocates nothing except when it grows with a new record.
 */
public final class MovementLog
{
    private static final int INITIAL_CAPACITY = 4;

    private final Long2LongHashMap slotById = new Long2LongHashMap(-1);
    private long[] ids = new long[INITIAL_CAPACITY];
    private long[] targetAccountIds = new long[INITIAL_CAPACITY];
    private int[] assetIds = new int[INITIAL_CAPACITY];
    private long[] amounts = new long[INITIAL_CAPACITY];
    private RejectReason[] reasons = new RejectReason[INITIAL_CAPACITY];
    private int size;

    /**
     * @return the slot of the movement's outcome, or -1 when this id was never used.
     */
    public int find(final long id)
    {
        return (int)slotById.get(id);
    }

    /**
     * Remembers the outcome of a movement; reason NONE means done.
     */
    public void record(
        final long id, final long targetAccountId, final int assetId, final long amount, final RejectReason reason)
    {
        if (size == ids.length)
        {
            final int capacity = size * 2;
            ids = Arrays.copyOf(ids, capacity);
            targetAccountIds = Arrays.copyOf(targetAccountIds, capacity);
            assetIds = Arrays.copyOf(assetIds, capacity);
            amounts = Arrays.copyOf(amounts, capacity);
            reasons = Arrays.copyOf(reasons, capacity);
        }
        ids[size] = id;
        targetAccountIds[size] = targetAccountId;
        assetIds[size] = assetId;
        amounts[size] = amount;
        reasons[size] = reason;
        slotById.put(id, size);
        size++;
    }

    public int size()
    {
        return size;
    }

    public long id(final int slot)
    {
        return ids[slot];
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
