package dev.exengine.bench;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * The trades of one run of a flow, in the order they happened, for comparing two engines trade by trade: for each,
 * the index of the stream command that caused it, the instrument, the maker's and the taker's order ids, the price
 * and the quantity. Not for the timed path: it grows by copying.
 */
public final class Fills
{
    private static final int FIELDS = 6;

    private long[] trades = new long[FIELDS * 1024];
    private int size;

    public void add(
        final int command, final int instrumentId, final long makerOrderId, final long takerOrderId, final long price,
        final long quantity)
    {
        if (FIELDS * (size + 1) > trades.length)
        {
            trades = Arrays.copyOf(trades, 2 * trades.length);
        }
        final int at = FIELDS * size++;
        trades[at] = command;
        trades[at + 1] = instrumentId;
        trades[at + 2] = makerOrderId;
        trades[at + 3] = takerOrderId;
        trades[at + 4] = price;
        trades[at + 5] = quantity;
    }

    public int size()
    {
        return size;
    }

    public long totalQuantity()
    {
        long total = 0;
        for (int i = 0; i < size; i++)
        {
            total += trades[FIELDS * i + 5];
        }
        return total;
    }

    /**
     * @return null when both hold the same trades in the same order, else the first difference.
     */
    public String firstDifference(final Fills other)
    {
        final int common = Math.min(size, other.size);
        for (int i = 0; i < common; i++)
        {
            final int at = FIELDS * i;
            if (!Arrays.equals(trades, at, at + FIELDS, other.trades, at, at + FIELDS))
            {
                return "trade " + i + ": " + trade(i) + " against " + other.trade(i);
            }
        }
        return size == other.size ? null : "trades " + size + " against " + other.size;
    }

    /** Trades and quantity per instrument, for the report. */
    public String perInstrument()
    {
        final TreeMap<Long, long[]> byInstrument = new TreeMap<>();
        for (int i = 0; i < size; i++)
        {
            final long[] sums = byInstrument.computeIfAbsent(trades[FIELDS * i + 1], id -> new long[2]);
            sums[0]++;
            sums[1] += trades[FIELDS * i + 5];
        }
        final StringBuilder text = new StringBuilder();
        byInstrument.forEach((id, sums) -> text.append(text.length() == 0 ? "" : ", ")
            .append(id).append(": ").append(sums[0]).append('/').append(sums[1]));
        return text.toString();
    }

    private String trade(final int i)
    {
        final int at = FIELDS * i;
        return String.format("command %d instrument %d maker %d taker %d price %d quantity %d",
            trades[at], trades[at + 1], trades[at + 2], trades[at + 3], trades[at + 4], trades[at + 5]);
    }
}
