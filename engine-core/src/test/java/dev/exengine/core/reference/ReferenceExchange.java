package dev.exengine.core.reference;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.CancelReason;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.core.event.RejectReason;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately simple, independent model of docs/SEMANTICS.md, written from the spec only, used to cross-check
 * the business-logic processor. Clarity over speed: tree maps and deques for books, hash maps for balances,
 * exact arithmetic with {@code Math.*Exact}. Events are produced as the canonical text of {@link Event}.
 * <p>
 * Every command is validated completely before anything is changed; matching itself cannot fail once an order
 * is accepted (balances cannot overflow because of conservation; the model throws if they ever would).
 */
public final class ReferenceExchange
{
    /** Marks an exact computation that overflowed a long. */
    static final long OVERFLOWED = -1;

    public static final class Asset
    {
        final int id;
        final int scale;
        long deposited;
        long withdrawn;
        /** Running sum of every balance change of this asset (checked against a recount by the tests). */
        long total;

        Asset(final int id, final int scale)
        {
            this.id = id;
            this.scale = scale;
        }
    }

    public static final class Account
    {
        final long id;
        boolean suspended;
        /** assetId -> {available, held}. Present once a BALANCE_CHANGED was reported for it. */
        final Map<Integer, long[]> balances = new HashMap<>();
        /** Live orders by id ascending. */
        final TreeMap<Long, Order> liveOrders = new TreeMap<>();
        /** transferId -> the remembered outcome. */
        final Map<Long, TransferOutcome> transfers = new HashMap<>();
        /** movementId -> the remembered outcome, of deposits and of withdrawals apart. */
        final Map<Long, MovementOutcome> deposits = new HashMap<>();
        final Map<Long, MovementOutcome> withdrawals = new HashMap<>();

        Account(final long id)
        {
            this.id = id;
        }

        public long id()
        {
            return id;
        }

        public boolean suspended()
        {
            return suspended;
        }

        public int liveOrderCount()
        {
            return liveOrders.size();
        }

        public Iterable<Order> liveOrders()
        {
            return liveOrders.values();
        }

        public boolean hasTransfer(final long transferId)
        {
            return transfers.containsKey(transferId);
        }

        /** The remembered deposits (kind DEPOSIT) or withdrawals (WITHDRAW). */
        Map<Long, MovementOutcome> movements(final CommandType kind)
        {
            return kind == CommandType.DEPOSIT ? deposits : withdrawals;
        }

        public boolean hasMovement(final CommandType kind, final long movementId)
        {
            return movements(kind).containsKey(movementId);
        }
    }

    record TransferOutcome(long targetAccountId, int assetId, long amount, long transferId, RejectReason reason)
    {
    }

    record MovementOutcome(int assetId, long amount, RejectReason reason)
    {
    }

    public static final class Instrument
    {
        final int id;
        final int baseAssetId;
        final int quoteAssetId;
        final long tickSize;
        final long lotSize;
        final long tickValue;
        final long minQuantity;
        final long maxQuantity;
        final int makerFeePpm;
        final int takerFeePpm;
        final long feeAccountId;
        boolean halted;
        /** Price -> orders oldest first. Best bid is the last key, best ask the first key. */
        final TreeMap<Long, ArrayDeque<Order>> bids = new TreeMap<>();
        final TreeMap<Long, ArrayDeque<Order>> asks = new TreeMap<>();

        Instrument(final Command c)
        {
            id = c.instrumentId();
            baseAssetId = c.baseAssetId();
            quoteAssetId = c.quoteAssetId();
            tickSize = c.tickSize();
            lotSize = c.lotSize();
            tickValue = c.tickValue();
            minQuantity = c.minQuantity();
            maxQuantity = c.maxQuantity();
            makerFeePpm = c.makerFeePpm();
            takerFeePpm = c.takerFeePpm();
            feeAccountId = c.feeAccountId();
        }

        public int id()
        {
            return id;
        }

        public int baseAssetId()
        {
            return baseAssetId;
        }

        public int quoteAssetId()
        {
            return quoteAssetId;
        }

        public long tickSize()
        {
            return tickSize;
        }

        public long lotSize()
        {
            return lotSize;
        }

        public long tickValue()
        {
            return tickValue;
        }

        public long minQuantity()
        {
            return minQuantity;
        }

        public long maxQuantity()
        {
            return maxQuantity;
        }

        public int makerFeePpm()
        {
            return makerFeePpm;
        }

        public int takerFeePpm()
        {
            return takerFeePpm;
        }

        public boolean halted()
        {
            return halted;
        }

        /** @return the best bid price or 0 when there is none. */
        public long bestBid()
        {
            return bids.isEmpty() ? 0 : bids.lastKey();
        }

        /** @return the best ask price or 0 when there is none. */
        public long bestAsk()
        {
            return asks.isEmpty() ? 0 : asks.firstKey();
        }

        TreeMap<Long, ArrayDeque<Order>> book(final Side side)
        {
            return side == Side.BUY ? bids : asks;
        }
    }

    /** The remaining quantity resting on one side of the book (the engine keeps it within a long). */
    static long restingTotal(final Instrument i, final Side side)
    {
        long total = 0;
        for (final ArrayDeque<Order> level : i.book(side).values())
        {
            for (final Order o : level)
            {
                total = add(total, o.remaining);
            }
        }
        return total;
    }

    public static final class Order
    {
        final long id;
        final long accountId;
        final long clientOrderId;
        final Instrument instrument;
        final Side side;
        final OrderType orderType;
        final TimeInForce timeInForce;
        final boolean postOnly;
        long price;
        long quantity;
        long remaining;
        long held;
        int liveIndex = -1;

        Order(final long id, final Command c, final Instrument instrument)
        {
            this.id = id;
            this.accountId = c.accountId();
            this.clientOrderId = c.clientOrderId();
            this.instrument = instrument;
            this.side = c.side();
            this.orderType = c.orderType();
            this.timeInForce = c.timeInForce();
            this.postOnly = c.postOnly();
            this.price = c.orderType() == OrderType.MARKET ? 0 : c.price();
            this.quantity = c.quantity();
            this.remaining = c.quantity();
        }

        public long id()
        {
            return id;
        }

        public long accountId()
        {
            return accountId;
        }

        public long clientOrderId()
        {
            return clientOrderId;
        }

        public int instrumentId()
        {
            return instrument.id;
        }

        public Side side()
        {
            return side;
        }

        public boolean postOnly()
        {
            return postOnly;
        }

        public long price()
        {
            return price;
        }

        public long quantity()
        {
            return quantity;
        }

        public long remaining()
        {
            return remaining;
        }

        public long filled()
        {
            return quantity - remaining;
        }

        int holdAssetId()
        {
            return side == Side.BUY ? instrument.quoteAssetId : instrument.baseAssetId;
        }

        boolean isMarketBuy()
        {
            return orderType == OrderType.MARKET && side == Side.BUY;
        }
    }

    private final LinkedHashMap<Integer, Asset> assets = new LinkedHashMap<>();
    private final LinkedHashMap<Long, Account> accounts = new LinkedHashMap<>();
    private final LinkedHashMap<Integer, Instrument> instruments = new LinkedHashMap<>();
    private final HashMap<Long, Order> liveOrders = new HashMap<>();
    /** Live orders in no meaningful order, for random picks by the generator. */
    private final ArrayList<Order> liveList = new ArrayList<>();
    private long nextOrderId = 1;
    private long nextTradeId = 1;

    // per-command context
    private final Event event = new Event();
    private List<String> out;
    private long sequence;
    private long timestamp;
    private CommandType commandType;
    /** (accountId, assetId) pairs whose BALANCE_CHANGED was reported by the last command. */
    private final ArrayList<long[]> touched = new ArrayList<>();

    /**
     * Applies one command and appends the canonical text of every event to {@code events}.
     */
    public void apply(final Command c, final long sequence, final long timestamp, final List<String> events)
    {
        this.out = events;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.commandType = c.type();
        touched.clear();
        switch (c.type())
        {
            case ADD_ASSET -> addAsset(c);
            case OPEN_ACCOUNT -> openAccount(c);
            case DEPOSIT -> deposit(c);
            case WITHDRAW -> withdraw(c);
            case SUSPEND_ACCOUNT -> suspend(c);
            case RESUME_ACCOUNT -> resume(c);
            case ADD_INSTRUMENT -> addInstrument(c);
            case HALT_INSTRUMENT -> halt(c);
            case RESUME_INSTRUMENT -> resumeInstrument(c);
            case NEW_ORDER -> newOrder(c);
            case CANCEL_ORDER -> cancelOrder(c);
            case REPLACE_ORDER -> replaceOrder(c);
            case MASS_CANCEL -> massCancel(c);
            case TRANSFER -> transfer(c);
            case QUERY_BALANCES -> queryBalances(c);
            case QUERY_OPEN_ORDERS -> queryOpenOrders(c);
            case QUERY_DEPTH -> queryDepth(c);
            default -> throw new IllegalArgumentException("unknown command type " + c.type());
        }
        this.out = null;
    }

    // ------------------------------------------------------------------------------------------ events

    private Event ev(final EventType type)
    {
        return event.reset().type(type).sequence(sequence).timestamp(timestamp).commandType(commandType);
    }

    private void emit(final Event e)
    {
        out.add(e.toString());
    }

    private void balanceChanged(final Account a, final int assetId)
    {
        final long[] b = a.balances.get(assetId);
        if (b == null)
        {
            throw new IllegalStateException("balance event without entry");
        }
        emit(ev(EventType.BALANCE_CHANGED).accountId(a.id).assetId(assetId).available(b[0]).held(b[1]));
        touched.add(new long[] {a.id, assetId});
    }

    private Event adminEvent(final Command c, final RejectReason reason)
    {
        final Event e = ev(reason == null ? EventType.ADMIN_DONE : EventType.ADMIN_REJECTED);
        switch (c.type())
        {
            case ADD_ASSET -> e.assetId(c.assetId());
            case OPEN_ACCOUNT, SUSPEND_ACCOUNT, RESUME_ACCOUNT -> e.accountId(c.accountId());
            case DEPOSIT, WITHDRAW -> e.accountId(c.accountId()).assetId(c.assetId()).amount(c.amount())
                .movementId(c.movementId());
            case ADD_INSTRUMENT, HALT_INSTRUMENT, RESUME_INSTRUMENT -> e.instrumentId(c.instrumentId());
            default -> throw new IllegalStateException();
        }
        return e.rejectReason(reason);
    }

    private void adminReject(final Command c, final RejectReason reason)
    {
        emit(adminEvent(c, reason));
    }

    private void adminDone(final Command c)
    {
        emit(adminEvent(c, null));
    }

    private Event orderEvent(final EventType type, final Order o)
    {
        return ev(type).accountId(o.accountId).orderId(o.id).clientOrderId(o.clientOrderId)
            .instrumentId(o.instrument.id).side(o.side);
    }

    private void emitCanceled(final Order o, final CancelReason reason)
    {
        emit(orderEvent(EventType.ORDER_CANCELED, o).price(o.price).quantity(o.quantity)
            .remainingQuantity(o.remaining).filledQuantity(o.filled()).cancelReason(reason));
    }

    // ------------------------------------------------------------------------------------------ arithmetic

    static long mul(final long a, final long b)
    {
        if (a == OVERFLOWED || b == OVERFLOWED)
        {
            return OVERFLOWED;
        }
        try
        {
            return Math.multiplyExact(a, b);
        }
        catch (final ArithmeticException ex)
        {
            return OVERFLOWED;
        }
    }

    static long add(final long a, final long b)
    {
        if (a == OVERFLOWED || b == OVERFLOWED)
        {
            return OVERFLOWED;
        }
        try
        {
            return Math.addExact(a, b);
        }
        catch (final ArithmeticException ex)
        {
            return OVERFLOWED;
        }
    }

    /** (price / tickSize) * (qty / lotSize) * tickValue, or OVERFLOWED. */
    static long notional(final Instrument i, final long price, final long qty)
    {
        return mul(mul(price / i.tickSize, qty / i.lotSize), i.tickValue);
    }

    /** notional * ppm / 1_000_000 rounded down, exactly (it fits: ppm <= 100_000), or OVERFLOWED for no notional. */
    static long fee(final long notional, final int ppm)
    {
        if (notional == OVERFLOWED)
        {
            return OVERFLOWED;
        }
        return BigInteger.valueOf(notional).multiply(BigInteger.valueOf(ppm)).divide(BigInteger.valueOf(1_000_000L))
            .longValueExact();
    }

    /** notional + fee(notional, ppm), or OVERFLOWED. */
    static long cost(final Instrument i, final long price, final long qty, final int ppm)
    {
        final long n = notional(i, price, qty);
        return add(n, fee(n, ppm));
    }

    /** The hold of an order with this side, price and remaining quantity (not for market buys). */
    static long holdFor(final Instrument i, final Side side, final long price, final long remaining)
    {
        if (side == Side.SELL)
        {
            return remaining;
        }
        return cost(i, price, remaining, Math.max(i.makerFeePpm, i.takerFeePpm));
    }

    // ------------------------------------------------------------------------------------------ balances

    private long[] balance(final Account a, final int assetId)
    {
        return a.balances.computeIfAbsent(assetId, k -> new long[2]);
    }

    private static long availableOf(final Account a, final int assetId)
    {
        final long[] b = a.balances.get(assetId);
        return b == null ? 0 : b[0];
    }

    private static long checkedAdd(final long a, final long b)
    {
        final long r = Math.addExact(a, b);
        if (r < 0)
        {
            throw new IllegalStateException("negative balance " + a + " + " + b);
        }
        return r;
    }

    /** available += dAvail, held += dHeld; throws on a model bug (negative or overflow). */
    private void change(final Account a, final int assetId, final long dAvail, final long dHeld)
    {
        final long[] b = balance(a, assetId);
        b[0] = checkedAdd(b[0], dAvail);
        b[1] = checkedAdd(b[1], dHeld);
        final Asset asset = assets.get(assetId);
        asset.total = Math.addExact(asset.total, Math.addExact(dAvail, dHeld));
    }

    // ------------------------------------------------------------------------------------------ admin

    private void addAsset(final Command c)
    {
        if (c.assetId() <= 0)
        {
            adminReject(c, RejectReason.INVALID_ID);
        }
        else if (assets.containsKey(c.assetId()))
        {
            adminReject(c, RejectReason.DUPLICATE_ASSET);
        }
        else if (c.scale() < 0 || c.scale() > 18)
        {
            adminReject(c, RejectReason.INVALID_SCALE);
        }
        else
        {
            assets.put(c.assetId(), new Asset(c.assetId(), c.scale()));
            adminDone(c);
        }
    }

    private void openAccount(final Command c)
    {
        if (c.accountId() <= 0)
        {
            adminReject(c, RejectReason.INVALID_ID);
        }
        else if (accounts.containsKey(c.accountId()))
        {
            adminReject(c, RejectReason.DUPLICATE_ACCOUNT);
        }
        else
        {
            accounts.put(c.accountId(), new Account(c.accountId()));
            adminDone(c);
        }
    }

    private void deposit(final Command c)
    {
        final Account a = accounts.get(c.accountId());
        if (repeatsMovement(a, c))
        {
            return;
        }
        final Asset asset = assets.get(c.assetId());
        final RejectReason reason;
        if (a == null)
        {
            reason = RejectReason.UNKNOWN_ACCOUNT;
        }
        else if (asset == null)
        {
            reason = RejectReason.UNKNOWN_ASSET;
        }
        else if (c.amount() <= 0)
        {
            reason = RejectReason.INVALID_AMOUNT;
        }
        else if (add(asset.deposited, c.amount()) == OVERFLOWED || add(availableOf(a, asset.id), c.amount()) == OVERFLOWED)
        {
            reason = RejectReason.OVERFLOW;
        }
        else
        {
            reason = null;
        }
        rememberMovement(a, c, reason);
        if (reason != null)
        {
            adminReject(c, reason);
            return;
        }
        asset.deposited += c.amount();
        change(a, asset.id, c.amount(), 0);
        adminDone(c);
        balanceChanged(a, asset.id);
    }

    private void withdraw(final Command c)
    {
        final Account a = accounts.get(c.accountId());
        if (repeatsMovement(a, c))
        {
            return;
        }
        final Asset asset = assets.get(c.assetId());
        final RejectReason reason;
        if (a == null)
        {
            reason = RejectReason.UNKNOWN_ACCOUNT;
        }
        else if (a.suspended)
        {
            reason = RejectReason.ACCOUNT_SUSPENDED;
        }
        else if (asset == null)
        {
            reason = RejectReason.UNKNOWN_ASSET;
        }
        else if (c.amount() <= 0)
        {
            reason = RejectReason.INVALID_AMOUNT;
        }
        else if (availableOf(a, asset.id) < c.amount())
        {
            reason = RejectReason.INSUFFICIENT_FUNDS;
        }
        else
        {
            reason = null;
        }
        rememberMovement(a, c, reason);
        if (reason != null)
        {
            adminReject(c, reason);
            return;
        }
        asset.withdrawn += c.amount();
        change(a, asset.id, -c.amount(), 0);
        adminDone(c);
        balanceChanged(a, asset.id);
    }

    /** A deposit or withdrawal whose movement id its account used for one of its kind repeats that first outcome. */
    private boolean repeatsMovement(final Account a, final Command c)
    {
        final MovementOutcome previous = a == null || c.movementId() == 0 ?
            null : a.movements(c.type()).get(c.movementId());
        if (previous == null)
        {
            return false;
        }
        emit(ev(previous.reason() == null ? EventType.ADMIN_DONE : EventType.ADMIN_REJECTED).accountId(a.id)
            .assetId(previous.assetId()).amount(previous.amount()).movementId(c.movementId())
            .rejectReason(previous.reason()));
        return true;
    }

    /** The outcome of a deposit or withdrawal with a movement id is remembered when its account exists. */
    private static void rememberMovement(final Account a, final Command c, final RejectReason reason)
    {
        if (a != null && c.movementId() != 0)
        {
            a.movements(c.type()).put(c.movementId(), new MovementOutcome(c.assetId(), c.amount(), reason));
        }
    }

    private void suspend(final Command c)
    {
        final Account a = accounts.get(c.accountId());
        if (a == null)
        {
            adminReject(c, RejectReason.UNKNOWN_ACCOUNT);
        }
        else if (a.suspended)
        {
            adminReject(c, RejectReason.ACCOUNT_SUSPENDED);
        }
        else
        {
            a.suspended = true;
            adminDone(c);
        }
    }

    private void resume(final Command c)
    {
        final Account a = accounts.get(c.accountId());
        if (a == null)
        {
            adminReject(c, RejectReason.UNKNOWN_ACCOUNT);
        }
        else if (!a.suspended)
        {
            adminReject(c, RejectReason.ACCOUNT_NOT_SUSPENDED);
        }
        else
        {
            a.suspended = false;
            adminDone(c);
        }
    }

    private void addInstrument(final Command c)
    {
        if (c.instrumentId() <= 0)
        {
            adminReject(c, RejectReason.INVALID_ID);
        }
        else if (instruments.containsKey(c.instrumentId()))
        {
            adminReject(c, RejectReason.DUPLICATE_INSTRUMENT);
        }
        else if (!assets.containsKey(c.baseAssetId()) || !assets.containsKey(c.quoteAssetId()) ||
            c.baseAssetId() == c.quoteAssetId())
        {
            adminReject(c, RejectReason.UNKNOWN_ASSET);
        }
        else if (c.tickSize() <= 0 || c.lotSize() <= 0 || c.tickValue() <= 0 ||
            c.minQuantity() < c.lotSize() || c.minQuantity() % c.lotSize() != 0 ||
            c.maxQuantity() < c.minQuantity() || c.maxQuantity() % c.lotSize() != 0)
        {
            adminReject(c, RejectReason.INVALID_INSTRUMENT);
        }
        else if (c.makerFeePpm() < 0 || c.makerFeePpm() > 100_000 || c.takerFeePpm() < 0 || c.takerFeePpm() > 100_000)
        {
            adminReject(c, RejectReason.INVALID_FEE);
        }
        else if (!accounts.containsKey(c.feeAccountId()))
        {
            adminReject(c, RejectReason.UNKNOWN_ACCOUNT);
        }
        else
        {
            instruments.put(c.instrumentId(), new Instrument(c));
            adminDone(c);
        }
    }

    private void halt(final Command c)
    {
        final Instrument i = instruments.get(c.instrumentId());
        if (i == null)
        {
            adminReject(c, RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        if (i.halted)
        {
            adminReject(c, RejectReason.INSTRUMENT_HALTED);
            return;
        }
        i.halted = true;
        final List<Order> toCancel = new ArrayList<>();
        for (final ArrayDeque<Order> level : i.bids.descendingMap().values())
        {
            toCancel.addAll(level);
        }
        for (final ArrayDeque<Order> level : i.asks.values())
        {
            toCancel.addAll(level);
        }
        emit(adminEvent(c, null).count(toCancel.size()));
        for (final Order o : toCancel)
        {
            cancelResting(o, CancelReason.HALT);
        }
    }

    private void resumeInstrument(final Command c)
    {
        final Instrument i = instruments.get(c.instrumentId());
        if (i == null)
        {
            adminReject(c, RejectReason.UNKNOWN_INSTRUMENT);
        }
        else if (!i.halted)
        {
            adminReject(c, RejectReason.INSTRUMENT_NOT_HALTED);
        }
        else
        {
            i.halted = false;
            adminDone(c);
        }
    }

    // ------------------------------------------------------------------------------------------ book helpers

    private void addToBook(final Order o)
    {
        o.instrument.book(o.side).computeIfAbsent(o.price, k -> new ArrayDeque<>()).addLast(o);
    }

    private void removeFromBook(final Order o)
    {
        final TreeMap<Long, ArrayDeque<Order>> book = o.instrument.book(o.side);
        final ArrayDeque<Order> level = book.get(o.price);
        boolean removed = false;
        for (final Iterator<Order> it = level.iterator(); it.hasNext(); )
        {
            if (it.next() == o)
            {
                it.remove();
                removed = true;
                break;
            }
        }
        if (!removed)
        {
            throw new IllegalStateException("order not on its level " + o.id);
        }
        if (level.isEmpty())
        {
            book.remove(o.price);
        }
    }

    private void makeLive(final Order o)
    {
        liveOrders.put(o.id, o);
        accounts.get(o.accountId).liveOrders.put(o.id, o);
        o.liveIndex = liveList.size();
        liveList.add(o);
    }

    private void makeFinished(final Order o)
    {
        liveOrders.remove(o.id);
        accounts.get(o.accountId).liveOrders.remove(o.id);
        final Order last = liveList.remove(liveList.size() - 1);
        if (last != o)
        {
            liveList.set(o.liveIndex, last);
            last.liveIndex = o.liveIndex;
        }
        o.liveIndex = -1;
    }

    /** Releases whatever the order still holds back to available. */
    private void release(final Order o)
    {
        final Account a = accounts.get(o.accountId);
        change(a, o.holdAssetId(), o.held, -o.held);
        o.held = 0;
    }

    /** Cancels a live resting order: ORDER_CANCELED then BALANCE_CHANGED of the release. */
    private void cancelResting(final Order o, final CancelReason reason)
    {
        removeFromBook(o);
        makeFinished(o);
        release(o);
        emitCanceled(o, reason);
        balanceChanged(accounts.get(o.accountId), o.holdAssetId());
    }

    /** Would a limit order at this price on this side cross the best opposite price (own orders included)? */
    private static boolean crosses(final Instrument i, final Side side, final long price)
    {
        if (side == Side.BUY)
        {
            return !i.asks.isEmpty() && price >= i.asks.firstKey();
        }
        return !i.bids.isEmpty() && price <= i.bids.lastKey();
    }

    /** Opposite levels in priority order. */
    private static Iterable<Map.Entry<Long, ArrayDeque<Order>>> oppositeLevels(final Instrument i, final Side side)
    {
        return side == Side.BUY ? i.asks.entrySet() : i.bids.descendingMap().entrySet();
    }

    private static boolean acceptable(final OrderType type, final Side side, final long limit, final long levelPrice)
    {
        if (type == OrderType.MARKET)
        {
            return true;
        }
        return side == Side.BUY ? levelPrice <= limit : levelPrice >= limit;
    }

    /** FOK check: can the book fill all of it, excluding own orders (and, for a market buy, afford it)? */
    private boolean fokFillable(final Command c, final Instrument i, final Account a)
    {
        long need = c.quantity();
        long totalCost = 0;
        final boolean marketBuy = c.orderType() == OrderType.MARKET && c.side() == Side.BUY;
        for (final Map.Entry<Long, ArrayDeque<Order>> level : oppositeLevels(i, c.side()))
        {
            if (!acceptable(c.orderType(), c.side(), c.price(), level.getKey()))
            {
                break;
            }
            for (final Order resting : level.getValue())
            {
                if (resting.accountId == a.id)
                {
                    continue;
                }
                final long q = Math.min(need, resting.remaining);
                if (marketBuy)
                {
                    totalCost = add(totalCost, cost(i, level.getKey(), q, i.takerFeePpm));
                    if (totalCost == OVERFLOWED)
                    {
                        return false;
                    }
                }
                need -= q;
                if (need == 0)
                {
                    return !marketBuy || totalCost <= availableOf(a, i.quoteAssetId);
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ orders

    private void orderReject(final Command c, final RejectReason reason)
    {
        emit(ev(EventType.ORDER_REJECTED).accountId(c.accountId()).clientOrderId(c.clientOrderId())
            .instrumentId(c.instrumentId()).side(c.side()).orderType(c.orderType()).timeInForce(c.timeInForce())
            .postOnly(c.postOnly()).price(c.price()).quantity(c.quantity()).rejectReason(reason));
    }

    private RejectReason validateNewOrder(final Command c)
    {
        final Account a = accounts.get(c.accountId());
        if (a == null)
        {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        if (a.suspended)
        {
            return RejectReason.ACCOUNT_SUSPENDED;
        }
        final Instrument i = instruments.get(c.instrumentId());
        if (i == null)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (i.halted)
        {
            return RejectReason.INSTRUMENT_HALTED;
        }
        final boolean market = c.orderType() == OrderType.MARKET;
        if ((market && c.timeInForce() == TimeInForce.GTC) ||
            (c.postOnly() && (market || c.timeInForce() != TimeInForce.GTC)))
        {
            return RejectReason.INVALID_ORDER_FLAGS;
        }
        if (c.quantity() <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (!market && c.price() <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (!market && c.price() % i.tickSize != 0)
        {
            return RejectReason.PRICE_OFF_TICK;
        }
        if (c.quantity() % i.lotSize != 0)
        {
            return RejectReason.QUANTITY_OFF_LOT;
        }
        if (c.quantity() < i.minQuantity)
        {
            return RejectReason.QUANTITY_BELOW_MIN;
        }
        if (c.quantity() > i.maxQuantity)
        {
            return RejectReason.QUANTITY_ABOVE_MAX;
        }
        final long hold = market && c.side() == Side.BUY ? 0 : holdFor(i, c.side(), c.price(), c.quantity());
        if (hold == OVERFLOWED ||
            (c.timeInForce() == TimeInForce.GTC && add(restingTotal(i, c.side()), c.quantity()) == OVERFLOWED))
        {
            return RejectReason.OVERFLOW;
        }
        for (final Order o : a.liveOrders.values())
        {
            if (o.clientOrderId == c.clientOrderId())
            {
                return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
            }
        }
        final int holdAsset = c.side() == Side.BUY ? i.quoteAssetId : i.baseAssetId;
        if (availableOf(a, holdAsset) < hold)
        {
            return RejectReason.INSUFFICIENT_FUNDS;
        }
        if (c.postOnly() && crosses(i, c.side(), c.price()))
        {
            return RejectReason.POST_ONLY_WOULD_CROSS;
        }
        if (c.timeInForce() == TimeInForce.FOK && !fokFillable(c, i, a))
        {
            return RejectReason.FOK_NOT_FILLABLE;
        }
        return null;
    }

    private void newOrder(final Command c)
    {
        final RejectReason reason = validateNewOrder(c);
        if (reason != null)
        {
            orderReject(c, reason);
            return;
        }
        final Account a = accounts.get(c.accountId());
        final Instrument i = instruments.get(c.instrumentId());
        final Order o = new Order(nextOrderId++, c, i);
        emit(orderEvent(EventType.ORDER_ACCEPTED, o).orderType(o.orderType).timeInForce(o.timeInForce)
            .postOnly(o.postOnly).price(o.price).quantity(o.quantity).remainingQuantity(o.remaining));
        if (!o.isMarketBuy())
        {
            o.held = holdFor(i, o.side, o.price, o.quantity);
            change(a, o.holdAssetId(), -o.held, o.held);
            balanceChanged(a, o.holdAssetId());
        }
        matchAndFinish(o);
    }

    /**
     * Steps 2 and 3 of "Matching": walks the opposite side, then releases, rests or cancels the remainder.
     */
    private void matchAndFinish(final Order taker)
    {
        final Instrument i = taker.instrument;
        final Account takerAccount = accounts.get(taker.accountId);
        final TreeMap<Long, ArrayDeque<Order>> opposite = i.book(taker.side.opposite());
        boolean capped = false;
        while (taker.remaining > 0 && !opposite.isEmpty())
        {
            final long levelPrice = taker.side == Side.BUY ? opposite.firstKey() : opposite.lastKey();
            if (!acceptable(taker.orderType, taker.side, taker.price, levelPrice))
            {
                break;
            }
            final Order maker = opposite.get(levelPrice).peekFirst();
            if (maker.accountId == taker.accountId)
            {
                cancelResting(maker, CancelReason.SELF_TRADE);
                continue;
            }
            long q = Math.min(taker.remaining, maker.remaining);
            if (taker.isMarketBuy())
            {
                final long affordable = marketBuyCap(i, levelPrice, q, availableOf(takerAccount, i.quoteAssetId));
                if (affordable < q)
                {
                    capped = true;
                    q = affordable;
                }
                if (q == 0)
                {
                    break;
                }
            }
            trade(taker, maker, levelPrice, q);
            if (capped)
            {
                break;
            }
        }
        if (taker.remaining == 0)
        {
            if (taker.held > 0)
            {
                release(taker);
                balanceChanged(takerAccount, taker.holdAssetId());
            }
            if (taker.liveIndex >= 0)
            {
                throw new IllegalStateException("taker live while matching");
            }
        }
        else if (taker.orderType == OrderType.LIMIT && taker.timeInForce == TimeInForce.GTC)
        {
            addToBook(taker);
            makeLive(taker);
        }
        else
        {
            emitCanceled(taker, capped ? CancelReason.MARKET_PROTECTION : CancelReason.IOC_REMAINDER);
            if (!taker.isMarketBuy())
            {
                release(taker);
                balanceChanged(takerAccount, taker.holdAssetId());
            }
            else if (taker.held != 0)
            {
                throw new IllegalStateException("market buy holds");
            }
        }
    }

    /** The largest multiple of lotSize, at most maxQty, whose notional + taker fee fits in available. */
    private static long marketBuyCap(final Instrument i, final long price, final long maxQty, final long available)
    {
        final long maxLots = maxQty / i.lotSize;
        if (affordable(i, price, maxLots, available))
        {
            return maxQty;
        }
        long lo = 0; // affordable (cost 0)
        long hi = maxLots; // not affordable
        while (hi - lo > 1)
        {
            final long mid = lo + (hi - lo) / 2;
            if (affordable(i, price, mid, available))
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return lo * i.lotSize;
    }

    private static boolean affordable(final Instrument i, final long price, final long lots, final long available)
    {
        final long c = cost(i, price, lots * i.lotSize, i.takerFeePpm);
        return c != OVERFLOWED && c <= available;
    }

    private void trade(final Order taker, final Order maker, final long price, final long q)
    {
        final Instrument i = taker.instrument;
        final Order buyer = taker.side == Side.BUY ? taker : maker;
        final Order seller = taker.side == Side.BUY ? maker : taker;
        final Account buyerAccount = accounts.get(buyer.accountId);
        final Account sellerAccount = accounts.get(seller.accountId);
        final Account feeAccount = accounts.get(i.feeAccountId);
        final long notional = notional(i, price, q);
        final long makerFee = fee(notional, i.makerFeePpm);
        final long takerFee = fee(notional, i.takerFeePpm);
        if (notional == OVERFLOWED || makerFee == OVERFLOWED || takerFee == OVERFLOWED)
        {
            throw new IllegalStateException("trade overflow in the model: " + price + " x " + q);
        }
        final long buyerFee = buyer == taker ? takerFee : makerFee;
        final long sellerFee = seller == taker ? takerFee : makerFee;
        final long buyerPays = Math.addExact(notional, buyerFee);
        // buyer
        if (buyer.isMarketBuy())
        {
            change(buyerAccount, i.quoteAssetId, -buyerPays, 0);
        }
        else
        {
            buyer.held -= buyerPays;
            if (buyer.held < 0)
            {
                throw new IllegalStateException("buy order hold below zero " + buyer.id);
            }
            change(buyerAccount, i.quoteAssetId, 0, -buyerPays);
        }
        change(buyerAccount, i.baseAssetId, q, 0);
        // seller
        seller.held -= q;
        if (seller.held < 0)
        {
            throw new IllegalStateException("sell order hold below zero " + seller.id);
        }
        change(sellerAccount, i.baseAssetId, 0, -q);
        change(sellerAccount, i.quoteAssetId, notional - sellerFee, 0);
        // fees
        final long fees = Math.addExact(makerFee, takerFee);
        if (fees > 0)
        {
            change(feeAccount, i.quoteAssetId, fees, 0);
        }
        taker.remaining -= q;
        maker.remaining -= q;
        if (maker.remaining == 0)
        {
            removeFromBook(maker);
            makeFinished(maker);
            release(maker);
        }
        emit(ev(EventType.TRADE).instrumentId(i.id).price(price).quantity(q).side(taker.side)
            .tradeId(nextTradeId++)
            .makerAccountId(maker.accountId).makerOrderId(maker.id).makerClientOrderId(maker.clientOrderId)
            .makerRemainingQuantity(maker.remaining).makerFee(makerFee)
            .takerAccountId(taker.accountId).takerOrderId(taker.id).takerClientOrderId(taker.clientOrderId)
            .takerRemainingQuantity(taker.remaining).takerFee(takerFee));
        balanceChanged(buyerAccount, i.quoteAssetId);
        balanceChanged(buyerAccount, i.baseAssetId);
        balanceChanged(sellerAccount, i.baseAssetId);
        balanceChanged(sellerAccount, i.quoteAssetId);
        if (fees > 0)
        {
            balanceChanged(feeAccount, i.quoteAssetId);
        }
    }

    private void cancelReject(final Command c, final RejectReason reason)
    {
        final Event e = ev(EventType.CANCEL_REJECTED).accountId(c.accountId()).rejectReason(reason);
        switch (c.type())
        {
            case CANCEL_ORDER -> e.orderId(c.orderId());
            case REPLACE_ORDER -> e.orderId(c.orderId()).price(c.price()).quantity(c.quantity());
            case MASS_CANCEL -> e.instrumentId(c.instrumentId());
            default -> throw new IllegalStateException();
        }
        emit(e);
    }

    private void cancelOrder(final Command c)
    {
        final Account a = accounts.get(c.accountId());
        if (a == null)
        {
            cancelReject(c, RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        if (c.orderId() <= 0 || c.orderId() >= nextOrderId)
        {
            cancelReject(c, RejectReason.UNKNOWN_ORDER);
            return;
        }
        final Order o = liveOrders.get(c.orderId());
        if (o == null)
        {
            cancelReject(c, RejectReason.ORDER_NOT_LIVE);
            return;
        }
        if (o.accountId != a.id)
        {
            cancelReject(c, RejectReason.NOT_ORDER_OWNER);
            return;
        }
        cancelResting(o, CancelReason.CLIENT);
    }

    private RejectReason validateReplace(final Command c)
    {
        final Account a = accounts.get(c.accountId());
        if (a == null)
        {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        if (a.suspended)
        {
            return RejectReason.ACCOUNT_SUSPENDED;
        }
        if (c.orderId() <= 0 || c.orderId() >= nextOrderId)
        {
            return RejectReason.UNKNOWN_ORDER;
        }
        final Order o = liveOrders.get(c.orderId());
        if (o == null)
        {
            return RejectReason.ORDER_NOT_LIVE;
        }
        if (o.accountId != a.id)
        {
            return RejectReason.NOT_ORDER_OWNER;
        }
        final Instrument i = o.instrument;
        if (i.halted)
        {
            return RejectReason.INSTRUMENT_HALTED;
        }
        if (c.price() <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (c.quantity() <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (c.price() % i.tickSize != 0)
        {
            return RejectReason.PRICE_OFF_TICK;
        }
        if (c.quantity() % i.lotSize != 0)
        {
            return RejectReason.QUANTITY_OFF_LOT;
        }
        if (c.quantity() <= o.filled())
        {
            return RejectReason.QUANTITY_NOT_ABOVE_FILLED;
        }
        if (c.quantity() < i.minQuantity)
        {
            return RejectReason.QUANTITY_BELOW_MIN;
        }
        if (c.quantity() > i.maxQuantity)
        {
            return RejectReason.QUANTITY_ABOVE_MAX;
        }
        if (c.price() == o.price && c.quantity() == o.quantity)
        {
            return RejectReason.NO_CHANGE;
        }
        final long newHold = holdFor(i, o.side, c.price(), c.quantity() - o.filled());
        if (newHold == OVERFLOWED ||
            add(restingTotal(i, o.side) - o.remaining, c.quantity() - o.filled()) == OVERFLOWED)
        {
            return RejectReason.OVERFLOW;
        }
        if (newHold - o.held > availableOf(a, o.holdAssetId()))
        {
            return RejectReason.INSUFFICIENT_FUNDS;
        }
        if (o.postOnly && crosses(i, o.side, c.price()))
        {
            return RejectReason.POST_ONLY_WOULD_CROSS;
        }
        return null;
    }

    private void replaceOrder(final Command c)
    {
        final RejectReason reason = validateReplace(c);
        if (reason != null)
        {
            cancelReject(c, reason);
            return;
        }
        final Account a = accounts.get(c.accountId());
        final Order o = liveOrders.get(c.orderId());
        final Instrument i = o.instrument;
        final long filled = o.filled();
        final long newRemaining = c.quantity() - filled;
        final long newHold = holdFor(i, o.side, c.price(), newRemaining);
        final long delta = newHold - o.held;
        final boolean losesPriority = c.price() != o.price || c.quantity() > o.quantity;
        if (losesPriority)
        {
            removeFromBook(o);
            makeFinished(o);
        }
        o.price = c.price();
        o.quantity = c.quantity();
        o.remaining = newRemaining;
        o.held = newHold;
        change(a, o.holdAssetId(), -delta, delta);
        emit(orderEvent(EventType.ORDER_REPLACED, o).price(o.price).quantity(o.quantity)
            .remainingQuantity(o.remaining).filledQuantity(o.filled()));
        if (delta != 0)
        {
            balanceChanged(a, o.holdAssetId());
        }
        if (losesPriority)
        {
            // walks the opposite side like a new GTC limit order (stops at once when it does not cross), then
            // rests at the back of its new level or, filled, releases what it still holds
            matchAndFinish(o);
        }
    }

    private void massCancel(final Command c)
    {
        final Account a = accounts.get(c.accountId());
        if (a == null)
        {
            cancelReject(c, RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        if (c.instrumentId() != 0 && !instruments.containsKey(c.instrumentId()))
        {
            cancelReject(c, RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        final List<Order> toCancel = new ArrayList<>();
        for (final Order o : a.liveOrders.values())
        {
            if (c.instrumentId() == 0 || o.instrument.id == c.instrumentId())
            {
                toCancel.add(o);
            }
        }
        emit(ev(EventType.MASS_CANCEL_DONE).accountId(c.accountId()).instrumentId(c.instrumentId())
            .count(toCancel.size()));
        for (final Order o : toCancel)
        {
            cancelResting(o, CancelReason.MASS_CANCEL);
        }
    }

    // ------------------------------------------------------------------------------------------ transfers

    private void transfer(final Command c)
    {
        final Account from = accounts.get(c.accountId());
        if (from != null)
        {
            final TransferOutcome previous = from.transfers.get(c.transferId());
            if (previous != null)
            {
                emit(ev(previous.reason() == null ? EventType.TRANSFER_DONE : EventType.TRANSFER_REJECTED)
                    .accountId(from.id).targetAccountId(previous.targetAccountId()).assetId(previous.assetId())
                    .amount(previous.amount()).transferId(previous.transferId()).rejectReason(previous.reason()));
                return;
            }
        }
        final Account to = accounts.get(c.targetAccountId());
        final RejectReason reason;
        if (from == null || to == null)
        {
            reason = RejectReason.UNKNOWN_ACCOUNT;
        }
        else if (from.suspended || to.suspended)
        {
            reason = RejectReason.ACCOUNT_SUSPENDED;
        }
        else if (from == to)
        {
            reason = RejectReason.TRANSFER_TO_SELF;
        }
        else if (!assets.containsKey(c.assetId()))
        {
            reason = RejectReason.UNKNOWN_ASSET;
        }
        else if (c.amount() <= 0)
        {
            reason = RejectReason.INVALID_AMOUNT;
        }
        else if (availableOf(from, c.assetId()) < c.amount())
        {
            reason = RejectReason.INSUFFICIENT_FUNDS;
        }
        else if (add(availableOf(to, c.assetId()), c.amount()) == OVERFLOWED)
        {
            reason = RejectReason.OVERFLOW;
        }
        else
        {
            reason = null;
        }
        if (from != null)
        {
            from.transfers.put(c.transferId(),
                new TransferOutcome(c.targetAccountId(), c.assetId(), c.amount(), c.transferId(), reason));
        }
        if (reason != null)
        {
            emit(ev(EventType.TRANSFER_REJECTED).accountId(c.accountId()).targetAccountId(c.targetAccountId())
                .assetId(c.assetId()).amount(c.amount()).transferId(c.transferId()).rejectReason(reason));
            return;
        }
        change(from, c.assetId(), -c.amount(), 0);
        change(to, c.assetId(), c.amount(), 0);
        emit(ev(EventType.TRANSFER_DONE).accountId(c.accountId()).targetAccountId(c.targetAccountId())
            .assetId(c.assetId()).amount(c.amount()).transferId(c.transferId()));
        balanceChanged(from, c.assetId());
        balanceChanged(to, c.assetId());
    }

    // ------------------------------------------------------------------------------------------ queries

    private void queryBalances(final Command c)
    {
        final Account a = accounts.get(c.accountId());
        if (a == null)
        {
            emit(ev(EventType.QUERY_REJECTED).accountId(c.accountId()).requestId(c.requestId())
                .rejectReason(RejectReason.UNKNOWN_ACCOUNT));
            return;
        }
        int count = 0;
        for (final Asset asset : assets.values())
        {
            final long[] b = a.balances.get(asset.id);
            if (b != null)
            {
                emit(ev(EventType.BALANCE).accountId(a.id).assetId(asset.id).available(b[0]).held(b[1])
                    .requestId(c.requestId()));
                count++;
            }
        }
        emit(ev(EventType.QUERY_DONE).accountId(c.accountId()).requestId(c.requestId()).count(count));
    }

    private void queryOpenOrders(final Command c)
    {
        final Account a = accounts.get(c.accountId());
        if (a == null)
        {
            emit(ev(EventType.QUERY_REJECTED).accountId(c.accountId()).requestId(c.requestId())
                .rejectReason(RejectReason.UNKNOWN_ACCOUNT));
            return;
        }
        int count = 0;
        for (final Order o : a.liveOrders.values())
        {
            emit(orderEvent(EventType.OPEN_ORDER, o).orderType(o.orderType).timeInForce(o.timeInForce)
                .postOnly(o.postOnly).price(o.price).quantity(o.quantity).remainingQuantity(o.remaining)
                .filledQuantity(o.filled()).requestId(c.requestId()));
            count++;
        }
        emit(ev(EventType.QUERY_DONE).accountId(c.accountId()).requestId(c.requestId()).count(count));
    }

    private void queryDepth(final Command c)
    {
        final Instrument i = instruments.get(c.instrumentId());
        if (i == null)
        {
            emit(ev(EventType.QUERY_REJECTED).instrumentId(c.instrumentId()).requestId(c.requestId())
                .rejectReason(RejectReason.UNKNOWN_INSTRUMENT));
            return;
        }
        final int levels = c.levels() <= 0 ? 10 : Math.min(c.levels(), 1000);
        int count = 0;
        count += depthSide(c, i, Side.BUY, i.bids.descendingMap(), levels);
        count += depthSide(c, i, Side.SELL, i.asks, levels);
        emit(ev(EventType.QUERY_DONE).instrumentId(c.instrumentId()).requestId(c.requestId()).count(count));
    }

    private int depthSide(final Command c, final Instrument i, final Side side,
        final Map<Long, ArrayDeque<Order>> levels, final int max)
    {
        int n = 0;
        for (final Map.Entry<Long, ArrayDeque<Order>> level : levels.entrySet())
        {
            if (n == max)
            {
                break;
            }
            long qty = 0;
            for (final Order o : level.getValue())
            {
                qty = Math.addExact(qty, o.remaining);
            }
            emit(ev(EventType.DEPTH_LEVEL).instrumentId(i.id).side(side).price(level.getKey()).quantity(qty)
                .count(level.getValue().size()).requestId(c.requestId()));
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------ views

    public long available(final long accountId, final int assetId)
    {
        final Account a = accounts.get(accountId);
        final long[] b = a == null ? null : a.balances.get(assetId);
        return b == null ? 0 : b[0];
    }

    public long held(final long accountId, final int assetId)
    {
        final Account a = accounts.get(accountId);
        final long[] b = a == null ? null : a.balances.get(assetId);
        return b == null ? 0 : b[1];
    }

    public long deposited(final int assetId)
    {
        final Asset a = assets.get(assetId);
        return a == null ? 0 : a.deposited;
    }

    public long withdrawn(final int assetId)
    {
        final Asset a = assets.get(assetId);
        return a == null ? 0 : a.withdrawn;
    }

    /** Running sum over all accounts of available + held, kept up to date by every balance change. */
    public long runningTotal(final int assetId)
    {
        final Asset a = assets.get(assetId);
        return a == null ? 0 : a.total;
    }

    /** Sum over all accounts of available + held, computed the slow way. */
    public long totalBalance(final int assetId)
    {
        long sum = 0;
        for (final Account a : accounts.values())
        {
            final long[] b = a.balances.get(assetId);
            if (b != null)
            {
                sum = Math.addExact(sum, Math.addExact(b[0], b[1]));
            }
        }
        return sum;
    }

    public int[] assetIds()
    {
        return assets.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    public long[] accountIds()
    {
        return accounts.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    public int[] instrumentIds()
    {
        return instruments.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    public int liveOrderCount()
    {
        return liveOrders.size();
    }

    public long nextOrderId()
    {
        return nextOrderId;
    }

    /** (accountId, assetId) pairs whose BALANCE_CHANGED the last command reported. */
    public List<long[]> touchedBalances()
    {
        return Collections.unmodifiableList(touched);
    }

    // for the generator

    public Account account(final long id)
    {
        return accounts.get(id);
    }

    public Instrument instrument(final int id)
    {
        return instruments.get(id);
    }

    public boolean hasAsset(final int id)
    {
        return assets.containsKey(id);
    }

    public Order liveOrder(final long id)
    {
        return liveOrders.get(id);
    }

    /** The i-th live order in an arbitrary but deterministic order (0 <= i < liveOrderCount()). */
    public Order liveOrderAt(final int index)
    {
        return liveList.get(index);
    }

    /** The last order of the best level on that side, or null. */
    public Order bestOrder(final int instrumentId, final Side side)
    {
        final Instrument i = instruments.get(instrumentId);
        final TreeMap<Long, ArrayDeque<Order>> book = i.book(side);
        if (book.isEmpty())
        {
            return null;
        }
        return (side == Side.BUY ? book.lastEntry() : book.firstEntry()).getValue().peekFirst();
    }
}
