package dev.exengine.core;

import dev.exengine.core.account.Account;
import dev.exengine.core.account.AccountCommands;
import dev.exengine.core.account.Asset;
import dev.exengine.core.book.Order;
import dev.exengine.core.book.OrderCommands;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.event.EventPublisher;
import dev.exengine.core.instrument.Instrument;
import dev.exengine.core.instrument.InstrumentCommands;
import dev.exengine.core.ledger.CashCommands;
import dev.exengine.core.query.Queries;
import dev.exengine.core.snapshot.SnapshotDecoder;
import dev.exengine.core.snapshot.SnapshotEncoder;
import dev.exengine.core.snapshot.StateHasher;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The deterministic state machine of the exchange: {@code apply(command) -> events}, as docs/SEMANTICS.md
 * specifies. Single-threaded; no clock, randomness or I/O. {@link #apply} allocates nothing after warm-up
 * (except when the state grows: new assets, accounts, instruments, remembered transfers, deposits and withdrawals,
 * pool batches); the read-only views, the hash and snapshots are not for the hot path.
 */
public final class BusinessLogicProcessor
{
    /** How many commands a host looks up with {@link #prefetch} before it applies them. */
    public static final int PREFETCH_GROUP = 8;
    /**
     * From this many live orders on, {@link #prefetch} looks orders up. Below it the orders (about 112 bytes each) and
     * their index take under a megabyte, which the caches keep between uses (the development machine has 512 KB of
     * L2 per core and 32 MB of L3), so most lookups hit anyway; the 100-instrument benchmark's 100,000 orders take
     * 11 MB. Not tuned: chosen between the two measured books. On the one-instrument benchmark (1,000 orders) looking
     * up cost 10 %; on the 100-instrument one it gained ×1.23 to ×1.31 at the median over three sessions
     * (BENCHMARKS.md, "Prefetching a batch's orders").
     */
    public static final int PREFETCH_MIN_LIVE_ORDERS = 8192;

    private final EngineState state;
    private final EventPublisher events = new EventPublisher();
    private final OrderCommands orders;
    private final AccountCommands accounts;
    private final InstrumentCommands instruments;
    private final CashCommands cash;
    private final Queries queries;
    private ExpandableArrayBuffer hashBuffer;
    /** What {@link #prefetch} read, summed: a sink, never used. */
    private long prefetched;

    public BusinessLogicProcessor()
    {
        this(new EngineState());
    }

    private BusinessLogicProcessor(final EngineState state)
    {
        this.state = state;
        orders = new OrderCommands(state, events);
        accounts = new AccountCommands(state, events);
        instruments = new InstrumentCommands(state, events, orders);
        cash = new CashCommands(state, events);
        queries = new Queries(state, events);
    }

    /**
     * Starts loading into the cache what a command will need first: the live order a cancel or replace names, and its
     * account. Reads only; the command may be applied later, or never.
     *
     * <p>A host that has several commands in hand calls this for up to {@link #PREFETCH_GROUP} of them, then applies
     * them. In a large book the order and its index entry are cache misses, and each command stalls on them in turn;
     * looked up back to back, the lookups of a group are independent of one another, so the processor waits for
     * their misses all at once. (Java has no prefetch instruction: a load that misses holds up the retirement of the
     * instructions behind it, and once the processor's reorder window is full they stall; one lookup ahead per
     * command gained nothing.) Below {@link #PREFETCH_MIN_LIVE_ORDERS} live orders this returns at once: the orders
     * are mostly in the cache, and looking them up would only add work.
     */
    public void prefetch(final Command command)
    {
        final CommandType type = command.type();
        if ((type == CommandType.REPLACE_ORDER || type == CommandType.CANCEL_ORDER) && prefetchPays())
        {
            final Order order = state.liveOrders().get(command.orderId());
            if (order != null)
            {
                // Kept in a field so that the loads are not optimised away.
                prefetched += order.price() + order.account().id();
            }
        }
    }

    /**
     * Whether {@link #prefetch} looks anything up now (the book holds {@link #PREFETCH_MIN_LIVE_ORDERS} live orders or
     * more): a host that has to fetch or decode a group's commands first can skip that when it does not.
     */
    public boolean prefetchPays()
    {
        return state.liveOrders().size() >= PREFETCH_MIN_LIVE_ORDERS;
    }

    /**
     * Applies one command; events go to the listener synchronously, in order. Never throws for bad input: every
     * invalid command is a reject event. Queries answer without changing anything.
     *
     * @throws IllegalArgumentException for a command without a type (a programming error, never on the wire).
     */
    public void apply(final Command command, final long sequence, final long timestamp, final EventListener listener)
    {
        if (command.type() == null)
        {
            throw new IllegalArgumentException("command without a type");
        }
        events.begin(command.type(), sequence, timestamp, listener);
        switch (command.type())
        {
            case ADD_ASSET -> accounts.addAsset(command);
            case OPEN_ACCOUNT -> accounts.openAccount(command);
            case DEPOSIT -> cash.deposit(command);
            case WITHDRAW -> cash.withdraw(command);
            case SUSPEND_ACCOUNT -> accounts.suspendAccount(command, true);
            case RESUME_ACCOUNT -> accounts.suspendAccount(command, false);
            case ADD_INSTRUMENT -> instruments.addInstrument(command);
            case HALT_INSTRUMENT -> instruments.haltInstrument(command, true);
            case RESUME_INSTRUMENT -> instruments.haltInstrument(command, false);
            case NEW_ORDER -> orders.newOrder(command);
            case CANCEL_ORDER -> orders.cancelOrder(command);
            case REPLACE_ORDER -> orders.replaceOrder(command);
            case MASS_CANCEL -> orders.massCancel(command);
            case TRANSFER -> cash.transfer(command);
            case QUERY_BALANCES -> queries.balances(command);
            case QUERY_OPEN_ORDERS -> queries.openOrders(command);
            case QUERY_DEPTH -> queries.depth(command);
            case SKIP_COMMAND, START_EPOCH ->
            {
                // The engine's records about the journal itself: the replay and the pipeline act on them.
            }
            default -> throw new IllegalArgumentException("unsupported command type " + command.type());
        }
    }

    /**
     * Reports a command that is left out of the state, without touching the state: the reject of its type with reason
     * INTERNAL_ERROR. For a command that threw inside {@link #apply} (the host rebuilds the state without it first),
     * and for one the journal says was left out, so that a replay tells its clients what the run told them.
     */
    public void leaveOut(final Command command, final long sequence, final long timestamp, final EventListener listener)
    {
        events.begin(command.type(), sequence, timestamp, listener);
        events.leftOut(command);
    }

    /**
     * @return the 64-bit XXH64 hash of the canonical snapshot of the state.
     */
    public long stateHash()
    {
        if (hashBuffer == null)
        {
            hashBuffer = new ExpandableArrayBuffer(64 * 1024);
        }
        final int length = SnapshotEncoder.write(state, hashBuffer, 0);
        return StateHasher.hash(hashBuffer, 0, length);
    }

    /**
     * The state hash of a snapshot {@link #writeSnapshot} wrote, computed from its bytes: equal to {@link #stateHash()}
     * of the state it was written from, without serialising that state again (a snapshot writer hashes what it is
     * about to store, on its own thread).
     */
    public static long stateHashOf(final DirectBuffer snapshot, final int offset, final int length)
    {
        return StateHasher.hash(snapshot, offset, length);
    }

    /**
     * Serialises the whole state at offset; the buffer must be expandable (ExpandableArrayBuffer or
     * ExpandableDirectByteBuffer).
     *
     * @return the length written.
     */
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        return SnapshotEncoder.write(state, buffer, offset);
    }

    /**
     * Restores a state written by {@link #writeSnapshot}.
     *
     * @throws dev.exengine.core.snapshot.SnapshotFormatException on a bad magic, newer format version or
     * truncated data.
     */
    public static BusinessLogicProcessor readSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        return new BusinessLogicProcessor(SnapshotDecoder.read(buffer, offset, length));
    }

    /** @return the available balance, 0 when the account, asset or entry is absent. */
    public long available(final long accountId, final int assetId)
    {
        final Account account = state.account(accountId);
        final Asset asset = state.asset(assetId);
        return account == null || asset == null ? 0 : account.available(asset.index());
    }

    /** @return the held balance, 0 when the account, asset or entry is absent. */
    public long held(final long accountId, final int assetId)
    {
        final Account account = state.account(accountId);
        final Asset asset = state.asset(assetId);
        return account == null || asset == null ? 0 : account.held(asset.index());
    }

    public long deposited(final int assetId)
    {
        final Asset asset = state.asset(assetId);
        return asset == null ? 0 : asset.deposited();
    }

    public long withdrawn(final int assetId)
    {
        final Asset asset = state.asset(assetId);
        return asset == null ? 0 : asset.withdrawn();
    }

    /** @return the asset's scale (the decimal places its amounts are shown with), or -1 when there is no such asset. */
    public int assetScale(final int assetId)
    {
        final Asset asset = state.asset(assetId);
        return asset == null ? -1 : asset.scale();
    }

    /**
     * Fills {@code definition} (reset first) with the ADD_INSTRUMENT command that describes the instrument: its
     * assets, grid, limits, fees and fee account, for tools that show its prices and quantities in decimals.
     *
     * @return false when there is no such instrument.
     */
    public boolean instrumentDefinition(final int instrumentId, final Command definition)
    {
        definition.reset();
        final Instrument instrument = state.instrument(instrumentId);
        if (instrument == null)
        {
            return false;
        }
        definition.type(CommandType.ADD_INSTRUMENT).instrumentId(instrumentId).baseAssetId(instrument.base().id())
            .quoteAssetId(instrument.quote().id()).tickSize(instrument.tickSize()).lotSize(instrument.lotSize())
            .tickValue(instrument.tickValue()).minQuantity(instrument.minQuantity())
            .maxQuantity(instrument.maxQuantity()).makerFeePpm(instrument.makerFeePpm())
            .takerFeePpm(instrument.takerFeePpm()).feeAccountId(instrument.feeAccount().id());
        return true;
    }

    /** @return the sum over all accounts of available + held of the asset. */
    public long totalBalance(final int assetId)
    {
        final Asset asset = state.asset(assetId);
        long total = 0;
        for (int i = 0; asset != null && i < state.accountCount(); i++)
        {
            total += state.accountAt(i).available(asset.index()) + state.accountAt(i).held(asset.index());
        }
        return total;
    }

    /** @return asset ids in creation order. */
    public int[] assetIds()
    {
        final int[] ids = new int[state.assetCount()];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = state.assetAt(i).id();
        }
        return ids;
    }

    /** @return account ids in creation order. */
    public long[] accountIds()
    {
        final long[] ids = new long[state.accountCount()];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = state.accountAt(i).id();
        }
        return ids;
    }

    /** @return instrument ids in creation order. */
    public int[] instrumentIds()
    {
        final int[] ids = new int[state.instrumentCount()];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = state.instrumentAt(i).id();
        }
        return ids;
    }

    public int liveOrderCount()
    {
        return state.liveOrders().size();
    }

    public long nextOrderId()
    {
        return state.nextOrderId();
    }
}
