package dev.exengine.core.book;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A free list of reusable objects. When empty it allocates a whole batch (warm-up); otherwise acquiring and
 * releasing allocate nothing.
 */
public final class Pool<T>
{
    private final Supplier<T> factory;
    private final int batchSize;
    private Object[] free;
    private int size;

    public Pool(final Supplier<T> factory, final int batchSize)
    {
        this.factory = factory;
        this.batchSize = batchSize;
        free = new Object[batchSize];
    }

    @SuppressWarnings("unchecked")
    public T acquire()
    {
        if (size == 0)
        {
            for (int i = 0; i < batchSize; i++)
            {
                free[size++] = factory.get();
            }
        }
        final T item = (T)free[--size];
        free[size] = null;
        return item;
    }

    public void release(final T item)
    {
        if (size == free.length)
        {
            free = Arrays.copyOf(free, size * 2);
        }
        free[size++] = item;
    }
}
