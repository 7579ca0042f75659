package dev.exengine.core;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Objects by client-chosen id (> 0): ids below {@link #DENSE_LIMIT} index an array directly (the usual case, ids
 * handed out 1, 2, 3, ...), larger ids go to a hash map. Lookups allocate nothing; adding may grow the array.
 */
final class IdIndex<T>
{
    /** Bounds the array at 256 KiB of references whatever ids clients choose. */
    static final int DENSE_LIMIT = 1 << 16;

    private final Long2ObjectHashMap<T> sparse = new Long2ObjectHashMap<>();
    private Object[] dense = new Object[64];

    /** The object with this id, or null. */
    @SuppressWarnings("unchecked")
    T get(final long id)
    {
        return id >= 0 && id < dense.length ? (T)dense[(int)id] : id < DENSE_LIMIT ? null : sparse.get(id);
    }

    /** Adds an object under an id > 0 that is not in the index. */
    void put(final long id, final T value)
    {
        if (id >= DENSE_LIMIT)
        {
            sparse.put(id, value);
            return;
        }
        if (id >= dense.length)
        {
            dense = Arrays.copyOf(dense, (int)Math.min(DENSE_LIMIT, Long.highestOneBit(id) * 2));
        }
        dense[(int)id] = value;
    }
}
