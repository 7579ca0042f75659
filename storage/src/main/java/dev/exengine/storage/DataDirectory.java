package dev.exengine.storage;

/**
 * The layout of a node's data directory, as the node writes it and the operators' tools read it:
 * <pre>
 *   DATA/journal/            the command journal (Chronicle Queue cycle files, journal.meta, journal.lock)
 *   DATA/snapshots/          the state snapshots
 *   DATA/gateway/            the gateway's session id, the users' stored streams (users/NAME/) and
 *   DATA/gateway/routed-through   the journal sequence through which those streams hold every message
 *   DATA/counters.dat        the running node's counters (bin/engine stat): rewritten at every start, never data to
 *                            back up or restore
 *   DATA/market-data/feed/   the market-data feed as published (Chronicle Queue; message n is its n-th document)
 * </pre>
 */
public final class DataDirectory
{
    public static final String JOURNAL = "journal";
    public static final String SNAPSHOTS = "snapshots";
    public static final String GATEWAY = "gateway";
    /** The node's counters file, which {@code bin/engine stat} and {@code bin/engine health} read. */
    public static final String COUNTERS = "counters.dat";
    /** In the gateway's directory: its routed-through mark, a {@link SequenceMark}. */
    public static final String ROUTED_THROUGH = "routed-through";
    public static final String MARKET_DATA = "market-data";

    private DataDirectory()
    {
    }
}
