package dev.exengine.core.reference;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, lazy stream of commands for a small exchange: setup (assets, accounts, instruments, deposits) and
 * then a random mix of orders, cancels, replaces, transfers, cash movements (with and without ids, and retries of
 * them), admin state changes, queries and roughly 10 % invalid commands of every reject kind. It reads the {@link ReferenceExchange} (which the caller
 * keeps up to date by applying every command it returns) to pick live orders, suspended accounts and best prices.
 * The same seed and the same model give the same stream.
 */
public final class CommandGenerator
{
    public static final int BTC = 30;
    public static final int USD = 10;
    public static final int ETH = 20;
    public static final int EUR = 40;
    /** Asset creation order differs from id order on purpose. */
    static final int[] ASSETS = {BTC, USD, ETH, EUR};
    static final int[] SCALES = {8, 4, 8, 2};

    public static final long FEE_ACCOUNT_1 = 9001;
    public static final long FEE_ACCOUNT_2 = 9002;
    static final int TRADING_ACCOUNTS = 40;

    /** id, base, quote, tick, lot, tickValue, minQty, maxQty, makerPpm, takerPpm, midTicks, maxLots. */
    static final long[][] INSTRUMENTS = {
        {7, BTC, USD, 100, 100_000, 10, 100_000, 1_000_000_000L, 100, 250, 30_000, 30},
        {3, ETH, USD, 1, 1_000, 1, 2_000, 50_000_000L, 0, 0, 2_000, 60},
        {5, ETH, BTC, 5, 10, 3, 10, 100_000, 0, 1_000, 1_000, 40},
        {1, BTC, EUR, 1, 1, 1, 1, Long.MAX_VALUE, 100_000, 50_000, 500, 200},
    };

    private enum Kind
    {
        LIMIT_GTC(30), POST_ONLY(4), LIMIT_IOC(6), LIMIT_FOK(4), MARKET_IOC(5), MARKET_FOK(1.5), FAR_SELL(0.2),
        CANCEL(6), REPLACE(8), MASS_CANCEL(0.7), TRANSFER(4), DEPOSIT(3), WITHDRAW(1.5), SUSPEND(0.25),
        RESUME(0.6), HALT(0.02), RESUME_INSTRUMENT(3.0), QUERY_BALANCES(1), QUERY_OPEN_ORDERS(1), QUERY_DEPTH(1.5),
        OPEN_ACCOUNT(0.01), INVALID(10);

        final double weight;

        Kind(final double weight)
        {
            this.weight = weight;
        }
    }

    private static final Kind[] KINDS = Kind.values();
    private static final double TOTAL_WEIGHT;

    static
    {
        double sum = 0;
        for (final Kind kind : KINDS)
        {
            sum += kind.weight;
        }
        TOTAL_WEIGHT = sum;
    }

    private final SplittableRandom rnd;
    private final ReferenceExchange model;
    private final ArrayDeque<Command> setup = new ArrayDeque<>();
    private final Command command = new Command();
    /** Accounts that may trade (opened in setup or later). */
    private final List<Long> accounts = new ArrayList<>();
    private final long[] midTicks = new long[INSTRUMENTS.length];
    private long nextClientOrderId = 1;
    private long nextTransferId = 1;
    private long nextRequestId = 1;
    private long nextLateAccount = 5_000;
    private final long[] recentTransferFrom = new long[16];
    private final long[] recentTransferId = new long[16];
    private int recentTransfers;
    private long nextMovementId = 1;
    private final CommandType[] recentMovementKind = new CommandType[16];
    private final long[] recentMovementAccount = new long[16];
    private final long[] recentMovementId = new long[16];
    private int recentMovements;

    public CommandGenerator(final long seed, final ReferenceExchange model)
    {
        this.rnd = new SplittableRandom(seed);
        this.model = model;
        buildSetup();
    }

    private void buildSetup()
    {
        for (int k = 0; k < ASSETS.length; k++)
        {
            setup.add(new Command().type(CommandType.ADD_ASSET).assetId(ASSETS[k]).scale(SCALES[k]));
        }
        final List<Long> ids = new ArrayList<>();
        for (int k = 0; k < TRADING_ACCOUNTS; k++)
        {
            ids.add(1_000L + 13L * k);
        }
        // shuffled creation order
        for (int k = ids.size() - 1; k > 0; k--)
        {
            final int j = rnd.nextInt(k + 1);
            final Long t = ids.get(k);
            ids.set(k, ids.get(j));
            ids.set(j, t);
        }
        setup.add(new Command().type(CommandType.OPEN_ACCOUNT).accountId(FEE_ACCOUNT_2));
        for (final long id : ids)
        {
            setup.add(new Command().type(CommandType.OPEN_ACCOUNT).accountId(id));
            accounts.add(id);
        }
        setup.add(new Command().type(CommandType.OPEN_ACCOUNT).accountId(FEE_ACCOUNT_1));
        for (int k = 0; k < INSTRUMENTS.length; k++)
        {
            final long[] s = INSTRUMENTS[k];
            // the last instrument's fees go to a trading account, which trades too
            final long feeAccount = k == INSTRUMENTS.length - 1 ? ids.get(0) : k == 2 ? FEE_ACCOUNT_2 : FEE_ACCOUNT_1;
            setup.add(new Command().type(CommandType.ADD_INSTRUMENT).instrumentId((int)s[0]).baseAssetId((int)s[1])
                .quoteAssetId((int)s[2]).tickSize(s[3]).lotSize(s[4]).tickValue(s[5]).minQuantity(s[6])
                .maxQuantity(s[7]).makerFeePpm((int)s[8]).takerFeePpm((int)s[9]).feeAccountId(feeAccount));
            midTicks[k] = s[10];
        }
        for (final long id : ids)
        {
            final boolean poor = rnd.nextInt(5) == 0;
            for (final int asset : ASSETS)
            {
                setup.add(new Command().type(CommandType.DEPOSIT).accountId(id).assetId(asset)
                    .amount(depositAmount(asset, poor)));
            }
        }
    }

    private long depositAmount(final int asset, final boolean poor)
    {
        final long base = switch (asset)
        {
            case BTC -> 100_000_000L;   // 1 BTC
            case USD -> 100_000_000L;   // 10,000 USD
            case ETH -> 1_000_000L;
            default -> 1_000_000L;      // 10,000 EUR
        };
        final long scaled = poor ? base / 100 : base;
        return 1 + scaled / 4 + rnd.nextLong(scaled * 4);
    }

    /**
     * @return the next command; the instance is reused, so apply it (to everything) before calling again.
     */
    public Command next()
    {
        if (!setup.isEmpty())
        {
            return command.copyFrom(setup.poll());
        }
        command.reset();
        moveMids();
        final double roll = rnd.nextDouble() * TOTAL_WEIGHT;
        double acc = 0;
        Kind kind = KINDS[KINDS.length - 1];
        for (final Kind k : KINDS)
        {
            acc += k.weight;
            if (roll < acc)
            {
                kind = k;
                break;
            }
        }
        // keep the books bounded: more cancels when many orders rest
        if (model.liveOrderCount() > 1_500 && rnd.nextInt(3) == 0)
        {
            kind = rnd.nextInt(20) == 0 ? Kind.MASS_CANCEL : Kind.CANCEL;
        }
        generate(kind);
        if (command.type() == CommandType.DEPOSIT || command.type() == CommandType.WITHDRAW)
        {
            movementId();
        }
        return command;
    }

    private void moveMids()
    {
        if (rnd.nextInt(8) == 0)
        {
            final int k = rnd.nextInt(INSTRUMENTS.length);
            final long mid0 = INSTRUMENTS[k][10];
            final long next = midTicks[k] + (rnd.nextBoolean() ? 1 : -1);
            if (next > mid0 / 2 && next < mid0 * 3 / 2)
            {
                midTicks[k] = next;
            }
        }
    }

    private long anyAccount()
    {
        final int r = rnd.nextInt(100);
        if (r == 0)
        {
            return FEE_ACCOUNT_1;
        }
        return accounts.get(rnd.nextInt(accounts.size()));
    }

    private int anyInstrumentIndex()
    {
        return rnd.nextInt(INSTRUMENTS.length);
    }

    private long lots(final int k)
    {
        final long[] s = INSTRUMENTS[k];
        final long minLots = s[6] / s[4];
        final long maxLots = s[11];
        // mostly small, sometimes big
        final long n = rnd.nextInt(4) == 0 ? 1 + rnd.nextLong(maxLots) : 1 + rnd.nextLong(Math.max(1, maxLots / 5));
        return Math.max(minLots, n);
    }

    private long quantity(final int k)
    {
        return lots(k) * INSTRUMENTS[k][4];
    }

    private long priceAt(final int k, final long ticks)
    {
        return Math.max(1, ticks) * INSTRUMENTS[k][3];
    }

    /** A limit price around the mid: mostly passive, several levels deep, sometimes crossing. */
    private long limitPrice(final int k, final Side side)
    {
        final long depth = rnd.nextInt(10) < 8 ? rnd.nextInt(16) : rnd.nextInt(4) - 3; // negative = aggressive
        final long ticks = side == Side.BUY ? midTicks[k] - depth : midTicks[k] + depth;
        return priceAt(k, ticks);
    }

    private Side side()
    {
        return rnd.nextBoolean() ? Side.BUY : Side.SELL;
    }

    private Command order(final long account, final int k, final Side side, final OrderType type,
        final TimeInForce tif, final boolean postOnly, final long price, final long quantity)
    {
        return command.type(CommandType.NEW_ORDER).accountId(account).instrumentId((int)INSTRUMENTS[k][0])
            .clientOrderId(nextClientOrderId++).side(side).orderType(type).timeInForce(tif).postOnly(postOnly)
            .price(price).quantity(quantity);
    }

    private void generate(final Kind kind)
    {
        final int k = anyInstrumentIndex();
        final Side side = side();
        switch (kind)
        {
            case LIMIT_GTC -> order(anyAccount(), k, side, OrderType.LIMIT, TimeInForce.GTC, false,
                limitPrice(k, side), quantity(k));
            case POST_ONLY ->
            {
                // mostly passive; sometimes at the touch, which may cross
                final long price = rnd.nextInt(4) == 0 ? touchPrice(k, side) : limitPrice(k, side);
                order(anyAccount(), k, side, OrderType.LIMIT, TimeInForce.GTC, true, price, quantity(k));
            }
            case LIMIT_IOC -> order(anyAccount(), k, side, OrderType.LIMIT, TimeInForce.IOC, false,
                aggressivePrice(k, side), quantity(k));
            case LIMIT_FOK -> order(anyAccount(), k, side, OrderType.LIMIT, TimeInForce.FOK, false,
                aggressivePrice(k, side), quantity(k));
            case MARKET_IOC ->
            {
                // big market buys run into the balance cap, price field is junk on purpose sometimes
                final long qty = rnd.nextInt(4) == 0 ? quantity(k) * (1 + rnd.nextInt(20)) : quantity(k);
                order(anyAccount(), k, side, OrderType.MARKET, TimeInForce.IOC, false,
                    rnd.nextInt(5) == 0 ? rnd.nextLong() : 0, clampQty(k, qty));
            }
            case MARKET_FOK -> order(anyAccount(), k, side, OrderType.MARKET, TimeInForce.FOK, false, 0,
                quantity(k));
            case FAR_SELL ->
            {
                // a sell far away on the unbounded instrument: notional of a fill may not fit in a long
                final int huge = INSTRUMENTS.length - 1;
                final long price = (1L << 40) + rnd.nextLong(Long.MAX_VALUE / 2);
                order(anyAccount(), huge, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, false, price,
                    1 + rnd.nextInt(5));
            }
            case CANCEL -> cancelLive();
            case REPLACE -> replaceLive();
            case MASS_CANCEL -> command.type(CommandType.MASS_CANCEL).accountId(anyAccount())
                .instrumentId(rnd.nextInt(3) == 0 ? 0 : (int)INSTRUMENTS[k][0]);
            case TRANSFER -> transfer();
            case DEPOSIT ->
            {
                final int asset = ASSETS[rnd.nextInt(ASSETS.length)];
                command.type(CommandType.DEPOSIT).accountId(anyAccount()).assetId(asset)
                    .amount(depositAmount(asset, rnd.nextBoolean()));
            }
            case WITHDRAW ->
            {
                final long account = anyAccount();
                final int asset = ASSETS[rnd.nextInt(ASSETS.length)];
                final long available = model.available(account, asset);
                final long amount = available > 1 && rnd.nextInt(5) != 0 ? 1 + rnd.nextLong(available / 2 + 1) :
                    1 + rnd.nextLong(1_000_000);
                command.type(CommandType.WITHDRAW).accountId(account).assetId(asset).amount(amount);
            }
            case SUSPEND ->
            {
                if (countSuspended() >= 2)
                {
                    generate(Kind.RESUME);
                    return;
                }
                command.type(CommandType.SUSPEND_ACCOUNT).accountId(anyAccount());
            }
            case RESUME ->
            {
                final long suspended = anySuspended();
                if (suspended == 0)
                {
                    generate(Kind.QUERY_BALANCES);
                    return;
                }
                command.type(CommandType.RESUME_ACCOUNT).accountId(suspended);
            }
            case HALT -> command.type(CommandType.HALT_INSTRUMENT).instrumentId((int)INSTRUMENTS[k][0]);
            case RESUME_INSTRUMENT ->
            {
                final int halted = anyHalted();
                if (halted == 0)
                {
                    generate(Kind.QUERY_DEPTH);
                    return;
                }
                command.type(CommandType.RESUME_INSTRUMENT).instrumentId(halted);
            }
            case QUERY_BALANCES -> command.type(CommandType.QUERY_BALANCES).accountId(anyAccount())
                .requestId(nextRequestId++);
            case QUERY_OPEN_ORDERS -> command.type(CommandType.QUERY_OPEN_ORDERS).accountId(anyAccount())
                .requestId(nextRequestId++);
            case QUERY_DEPTH ->
            {
                final int r = rnd.nextInt(10);
                final int levels = r == 0 ? 0 : r == 1 ? 5_000 : r == 2 ? -3 : 1 + rnd.nextInt(12);
                command.type(CommandType.QUERY_DEPTH).instrumentId((int)INSTRUMENTS[k][0])
                    .requestId(nextRequestId++).levels(levels);
            }
            case OPEN_ACCOUNT ->
            {
                final long id = nextLateAccount++;
                command.type(CommandType.OPEN_ACCOUNT).accountId(id);
                accounts.add(id);
            }
            case INVALID -> invalid(k, side);
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private long clampQty(final int k, final long qty)
    {
        return Math.min(qty, INSTRUMENTS[k][7]);
    }

    /** A price at the best opposite price (crosses) or one tick inside the spread. */
    private long touchPrice(final int k, final Side side)
    {
        final ReferenceExchange.Instrument i = model.instrument((int)INSTRUMENTS[k][0]);
        final long opposite = side == Side.BUY ? i.bestAsk() : i.bestBid();
        if (opposite == 0)
        {
            return limitPrice(k, side);
        }
        final long tick = INSTRUMENTS[k][3];
        final long p = rnd.nextBoolean() ? opposite : side == Side.BUY ? opposite - tick : opposite + tick;
        return Math.max(tick, p);
    }

    private long aggressivePrice(final int k, final Side side)
    {
        final long ticks = side == Side.BUY ? midTicks[k] + rnd.nextInt(6) - 1 : midTicks[k] - rnd.nextInt(6) + 1;
        return priceAt(k, ticks);
    }

    private int countSuspended()
    {
        int n = 0;
        for (final long id : accounts)
        {
            if (model.account(id).suspended())
            {
                n++;
            }
        }
        return n;
    }

    private long anySuspended()
    {
        for (final long id : accounts)
        {
            if (model.account(id).suspended())
            {
                return id;
            }
        }
        return 0;
    }

    private int anyHalted()
    {
        for (final long[] s : INSTRUMENTS)
        {
            if (model.instrument((int)s[0]).halted())
            {
                return (int)s[0];
            }
        }
        return 0;
    }

    private int indexOf(final int instrumentId)
    {
        for (int k = 0; k < INSTRUMENTS.length; k++)
        {
            if (INSTRUMENTS[k][0] == instrumentId)
            {
                return k;
            }
        }
        throw new IllegalArgumentException("instrument " + instrumentId);
    }

    private ReferenceExchange.Order anyLive()
    {
        final int n = model.liveOrderCount();
        return n == 0 ? null : model.liveOrderAt(rnd.nextInt(n));
    }

    private void cancelLive()
    {
        final ReferenceExchange.Order o = anyLive();
        if (o == null)
        {
            generate(Kind.LIMIT_GTC);
            return;
        }
        command.type(CommandType.CANCEL_ORDER).accountId(o.accountId()).orderId(o.id());
    }

    private void replaceLive()
    {
        final ReferenceExchange.Order o = anyLive();
        if (o == null)
        {
            generate(Kind.LIMIT_GTC);
            return;
        }
        final int k = indexOf(o.instrumentId());
        final long tick = INSTRUMENTS[k][3];
        final long lot = INSTRUMENTS[k][4];
        long price = o.price();
        long quantity = o.quantity();
        switch (rnd.nextInt(6))
        {
            case 0 -> price = Math.max(tick, price + (rnd.nextBoolean() ? tick : -tick));
            case 1 -> quantity = Math.max(lot, quantity - lot * (1 + rnd.nextInt(3)));
            case 2 -> quantity = clampQty(k, quantity + lot * (1 + rnd.nextInt(5)));
            case 3 ->
            {
                price = Math.max(tick, price + (rnd.nextBoolean() ? tick : -tick));
                quantity = rnd.nextBoolean() ? Math.max(lot, quantity - lot) : clampQty(k, quantity + lot);
            }
            case 4 ->
            {
                // to the touch or through it: a replace that trades
                final ReferenceExchange.Instrument i = model.instrument(o.instrumentId());
                final long opposite = o.side() == Side.BUY ? i.bestAsk() : i.bestBid();
                if (opposite != 0)
                {
                    price = o.side() == Side.BUY ? opposite + tick * rnd.nextInt(2) :
                        Math.max(tick, opposite - tick * rnd.nextInt(2));
                }
                else
                {
                    price = Math.max(tick, price + tick);
                }
            }
            default ->
            {
                // back to the mid area
                price = limitPrice(k, o.side());
                quantity = Math.max(o.filled() + lot, quantity(k));
            }
        }
        command.type(CommandType.REPLACE_ORDER).accountId(o.accountId()).orderId(o.id()).price(price)
            .quantity(quantity);
    }

    private void transfer()
    {
        if (recentTransfers > 0 && rnd.nextInt(5) == 0)
        {
            // a retry of a recent transfer: same from-account and id; fields may differ
            final int r = rnd.nextInt(Math.min(recentTransfers, recentTransferId.length));
            command.type(CommandType.TRANSFER).accountId(recentTransferFrom[r]).targetAccountId(anyAccount())
                .assetId(ASSETS[rnd.nextInt(ASSETS.length)]).amount(1 + rnd.nextLong(1000))
                .transferId(recentTransferId[r]);
            return;
        }
        final long from = anyAccount();
        long to = anyAccount();
        if (to == from)
        {
            to = anyAccount();
        }
        final int asset = ASSETS[rnd.nextInt(ASSETS.length)];
        final long available = model.available(from, asset);
        final long amount = available > 1 && rnd.nextInt(6) != 0 ? 1 + rnd.nextLong(available / 3 + 1) :
            1 + rnd.nextLong(10_000_000);
        final long id = nextTransferId++;
        command.type(CommandType.TRANSFER).accountId(from).targetAccountId(to).assetId(asset).amount(amount)
            .transferId(id);
        rememberTransfer(from, id);
    }

    /**
     * Gives the deposit or withdrawal just generated a movement id: none (a third of them), a retry of a recent one of
     * its kind (that one's account and id; the other fields may differ), or a new id, now and then a negative one.
     */
    private void movementId()
    {
        final int roll = rnd.nextInt(15);
        if (roll < 5)
        {
            return;
        }
        if (roll < 8)
        {
            final int size = Math.min(recentMovements, recentMovementId.length);
            final int start = size == 0 ? 0 : rnd.nextInt(size);
            for (int i = 0; i < size; i++)
            {
                final int slot = (start + i) % size;
                if (recentMovementKind[slot] == command.type())
                {
                    command.accountId(recentMovementAccount[slot]).movementId(recentMovementId[slot]);
                    return;
                }
            }
        }
        final long id = rnd.nextInt(50) == 0 ? -nextMovementId++ : nextMovementId++;
        command.movementId(id);
        if (model.account(command.accountId()) != null)
        {
            final int slot = recentMovements % recentMovementId.length;
            recentMovementKind[slot] = command.type();
            recentMovementAccount[slot] = command.accountId();
            recentMovementId[slot] = id;
            recentMovements++;
        }
    }

    private void rememberTransfer(final long from, final long id)
    {
        final int slot = recentTransfers % recentTransferId.length;
        recentTransferFrom[slot] = from;
        recentTransferId[slot] = id;
        recentTransfers++;
    }

    // ------------------------------------------------------------------------------------------ invalid

    private static final int INVALID_KINDS = 80;

    private void invalid(final int k, final Side side)
    {
        final int instrumentId = (int)INSTRUMENTS[k][0];
        final long tick = INSTRUMENTS[k][3];
        final long lot = INSTRUMENTS[k][4];
        final long account = anyAccount();
        final ReferenceExchange.Order live = anyLive();
        final int which = rnd.nextInt(INVALID_KINDS);
        switch (which)
        {
            // ---------------- NEW_ORDER
            case 0 -> order(999_999, k, side, OrderType.LIMIT, TimeInForce.GTC, false, limitPrice(k, side), quantity(k));
            case 1 ->
            {
                final long suspended = anySuspended();
                if (suspended == 0)
                {
                    command.type(CommandType.SUSPEND_ACCOUNT).accountId(account);
                    return;
                }
                order(suspended, k, side, OrderType.LIMIT, TimeInForce.GTC, false, limitPrice(k, side), quantity(k));
            }
            case 2 ->
            {
                order(account, k, side, OrderType.LIMIT, TimeInForce.GTC, false, limitPrice(k, side), quantity(k));
                command.instrumentId(rnd.nextBoolean() ? 99 : rnd.nextBoolean() ? 0 : -7);
            }
            case 3 ->
            {
                final int halted = anyHalted();
                if (halted == 0)
                {
                    generate(Kind.LIMIT_GTC);
                    return;
                }
                order(account, indexOf(halted), side, OrderType.LIMIT, TimeInForce.GTC, false, 1, 1);
            }
            case 4 -> order(account, k, side, OrderType.MARKET, TimeInForce.GTC, false, 0, quantity(k));
            case 5 -> order(account, k, side, OrderType.LIMIT, rnd.nextBoolean() ? TimeInForce.IOC : TimeInForce.FOK,
                true, limitPrice(k, side), quantity(k));
            case 6 -> order(account, k, side, OrderType.MARKET, TimeInForce.IOC, true, 0, quantity(k));
            case 7 -> order(account, k, side, OrderType.LIMIT, TimeInForce.GTC, false, limitPrice(k, side),
                rnd.nextBoolean() ? 0 : -lot);
            case 8 -> order(account, k, side, OrderType.LIMIT, TimeInForce.GTC, false,
                rnd.nextBoolean() ? 0 : rnd.nextBoolean() ? -tick : Long.MIN_VALUE, quantity(k));
            case 9 -> order(account, 0, side, OrderType.LIMIT, TimeInForce.GTC, false, limitPrice(0, side) + 1,
                quantity(0));
            case 10 -> order(account, 1, side, OrderType.LIMIT, TimeInForce.IOC, false, limitPrice(1, side),
                quantity(1) + 1 + rnd.nextInt(999));
            case 11 -> order(account, 1, side, OrderType.LIMIT, TimeInForce.GTC, false, limitPrice(1, side), 1_000);
            case 12 -> order(account, rnd.nextInt(3), side, OrderType.LIMIT, TimeInForce.GTC, false,
                limitPrice(0, side), 0);
            case 13 ->
            {
                final int j = rnd.nextInt(3);
                order(account, j, side, OrderType.LIMIT, TimeInForce.GTC, false, limitPrice(j, side),
                    INSTRUMENTS[j][7] + INSTRUMENTS[j][4]);
            }
            case 14 -> order(account, 3, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false,
                1L << (31 + rnd.nextInt(20)), 1L << (20 + rnd.nextInt(20))); // notional or fee overflows
            case 15 -> order(account, 0, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, false,
                100_000_000_000_000_000L, 1_000_000_000L);
            case 16 ->
            {
                if (live == null)
                {
                    generate(Kind.LIMIT_GTC);
                    return;
                }
                final int j = indexOf(live.instrumentId());
                order(live.accountId(), j, side, OrderType.LIMIT, TimeInForce.GTC, false, limitPrice(j, side),
                    quantity(j));
                command.clientOrderId(live.clientOrderId());
            }
            case 17 -> order(account, 3, side, OrderType.LIMIT, TimeInForce.GTC, false, limitPrice(3, side),
                side == Side.BUY ? 1_000_000_000L : 1_000_000_000_000_000L);
            case 18 -> order(account, k, side, OrderType.LIMIT, TimeInForce.GTC, false,
                INSTRUMENTS[k][3] * (1 + rnd.nextInt(3)), Math.min(INSTRUMENTS[k][7], quantity(k) * 1000));
            case 19, 20 -> order(account, k, side, OrderType.LIMIT, TimeInForce.GTC, true, touchPrice(k, side),
                quantity(k));
            case 21 ->
            {
                // FOK sell above the best bid (or buy below the best ask): nothing acceptable
                final ReferenceExchange.Instrument i = model.instrument(instrumentId);
                final long p = side == Side.SELL ? (i.bestBid() == 0 ? limitPrice(k, side) : i.bestBid() + tick) :
                    (i.bestAsk() == 0 ? limitPrice(k, side) : Math.max(tick, i.bestAsk() - tick));
                order(account, k, side, OrderType.LIMIT, TimeInForce.FOK, false, p, quantity(k));
            }
            case 22 -> order(account, k, side, OrderType.MARKET, TimeInForce.FOK, false, 0,
                clampQty(k, quantity(k) * 50));
            // ---------------- CANCEL_ORDER
            case 23 -> command.type(CommandType.CANCEL_ORDER).accountId(-1).orderId(1);
            case 24 -> command.type(CommandType.CANCEL_ORDER).accountId(account)
                .orderId(rnd.nextBoolean() ? 0 : rnd.nextBoolean() ? -5 : model.nextOrderId() + rnd.nextInt(3));
            case 25, 26 -> command.type(CommandType.CANCEL_ORDER).accountId(account).orderId(finishedOrderId());
            case 27 ->
            {
                if (live == null)
                {
                    generate(Kind.LIMIT_GTC);
                    return;
                }
                command.type(CommandType.CANCEL_ORDER).accountId(otherThan(live.accountId())).orderId(live.id());
            }
            // ---------------- REPLACE_ORDER
            case 28 -> replaceOf(live, 777_777, 0, 0);
            case 29 ->
            {
                final long suspended = anySuspended();
                if (suspended == 0 || live == null)
                {
                    command.type(CommandType.SUSPEND_ACCOUNT).accountId(account);
                    return;
                }
                command.type(CommandType.REPLACE_ORDER).accountId(suspended).orderId(live.id())
                    .price(live.price()).quantity(live.quantity() + lot);
            }
            case 30 -> command.type(CommandType.REPLACE_ORDER).accountId(account)
                .orderId(rnd.nextBoolean() ? 0 : model.nextOrderId() + 1).price(tick).quantity(lot);
            case 31 -> command.type(CommandType.REPLACE_ORDER).accountId(account).orderId(finishedOrderId())
                .price(tick).quantity(lot);
            case 32 ->
            {
                if (live == null)
                {
                    generate(Kind.LIMIT_GTC);
                    return;
                }
                command.type(CommandType.REPLACE_ORDER).accountId(otherThan(live.accountId())).orderId(live.id())
                    .price(live.price()).quantity(live.quantity() + lot);
            }
            case 33 -> replaceOf(live, 0, rnd.nextBoolean() ? 0 : -1, 1);
            case 34 -> replaceOf(live, 0, 1, rnd.nextBoolean() ? 0 : -1);
            case 35 -> replaceOf(live, 0, 2, 1);
            case 36 -> replaceOf(live, 0, 1, 2);
            case 37, 38 -> replaceOf(live, 0, 1, 3);
            case 39 -> replaceOf(live, 0, 1, 4);
            case 40 -> replaceOf(live, 0, 1, 5);
            case 41 -> replaceOf(live, 0, 1, 6);
            case 42 -> replaceOf(live, 0, 3, 1);
            case 43 -> replaceOf(live, 0, 4, 1);
            case 44 -> replaceOf(live, 0, 5, 1);
            // ---------------- MASS_CANCEL
            case 45 -> command.type(CommandType.MASS_CANCEL).accountId(0).instrumentId(0);
            case 46 -> command.type(CommandType.MASS_CANCEL).accountId(account).instrumentId(rnd.nextBoolean() ? 42 : -1);
            // ---------------- TRANSFER
            case 47 -> transferOf(123_456, account, USD, 10);
            case 48 -> transferOf(account, 0, USD, 10);
            case 49 ->
            {
                final long suspended = anySuspended();
                if (suspended == 0)
                {
                    command.type(CommandType.SUSPEND_ACCOUNT).accountId(account);
                    return;
                }
                if (rnd.nextBoolean())
                {
                    transferOf(suspended, otherThan(suspended), BTC, 1);
                }
                else
                {
                    transferOf(otherThan(suspended), suspended, BTC, 1);
                }
            }
            case 50 -> transferOf(account, account, ETH, 1);
            case 51 -> transferOf(account, otherThan(account), 77, 1);
            case 52 -> transferOf(account, otherThan(account), EUR, rnd.nextBoolean() ? 0 : Long.MIN_VALUE);
            case 53 -> transferOf(account, otherThan(account), EUR, Long.MAX_VALUE);
            // ---------------- DEPOSIT
            case 54 -> command.type(CommandType.DEPOSIT).accountId(31_337).assetId(USD).amount(5);
            case 55 -> command.type(CommandType.DEPOSIT).accountId(account).assetId(rnd.nextBoolean() ? 0 : 11).amount(5);
            case 56 -> command.type(CommandType.DEPOSIT).accountId(account).assetId(USD)
                .amount(rnd.nextBoolean() ? 0 : -100);
            case 57, 58 ->
            {
                final int asset = ASSETS[rnd.nextInt(ASSETS.length)];
                final long room = Long.MAX_VALUE - model.deposited(asset);
                command.type(CommandType.DEPOSIT).accountId(account).assetId(asset)
                    .amount(room == Long.MAX_VALUE ? Long.MAX_VALUE : room + 1 + rnd.nextLong(Long.MAX_VALUE - room));
            }
            // ---------------- WITHDRAW
            case 59 -> command.type(CommandType.WITHDRAW).accountId(-3).assetId(USD).amount(5);
            case 60 ->
            {
                final long suspended = anySuspended();
                command.type(CommandType.WITHDRAW).accountId(suspended == 0 ? account : suspended).assetId(USD)
                    .amount(1);
            }
            case 61 -> command.type(CommandType.WITHDRAW).accountId(account).assetId(-1).amount(5);
            case 62 -> command.type(CommandType.WITHDRAW).accountId(account).assetId(BTC).amount(-5);
            case 63 -> command.type(CommandType.WITHDRAW).accountId(account).assetId(BTC)
                .amount(model.available(account, BTC) + 1 + rnd.nextInt(1000));
            // ---------------- admin
            case 64 -> command.type(CommandType.ADD_ASSET).assetId(rnd.nextBoolean() ? 0 : -2).scale(2);
            case 65 -> command.type(CommandType.ADD_ASSET).assetId(ASSETS[rnd.nextInt(ASSETS.length)]).scale(8);
            case 66 -> command.type(CommandType.ADD_ASSET).assetId(66).scale(rnd.nextBoolean() ? -1 : 19);
            case 67 -> command.type(CommandType.OPEN_ACCOUNT).accountId(rnd.nextBoolean() ? 0 : Long.MIN_VALUE);
            case 68 -> command.type(CommandType.OPEN_ACCOUNT).accountId(account);
            case 69 -> command.type(CommandType.SUSPEND_ACCOUNT).accountId(rnd.nextBoolean() ? 4 : anySuspended());
            case 70 -> command.type(CommandType.RESUME_ACCOUNT).accountId(rnd.nextBoolean() ? 4 : account);
            case 71 -> invalidInstrument();
            case 72 -> command.type(CommandType.HALT_INSTRUMENT).instrumentId(rnd.nextBoolean() ? 2 : anyHalted());
            case 73 -> command.type(CommandType.RESUME_INSTRUMENT).instrumentId(rnd.nextBoolean() ? 2 : instrumentId);
            // ---------------- queries
            case 74 -> command.type(CommandType.QUERY_BALANCES).accountId(8).requestId(nextRequestId++);
            case 75 -> command.type(CommandType.QUERY_OPEN_ORDERS).accountId(-8).requestId(nextRequestId++);
            case 76 -> command.type(CommandType.QUERY_DEPTH).instrumentId(rnd.nextBoolean() ? 0 : 8)
                .requestId(nextRequestId++).levels(3);
            // ---------------- transfer retries of rejected ones, odd client order ids
            case 77 -> transferOf(account, account, BTC, 1); // remembered reject, retried later via recent list
            case 78 -> order(account, k, side, OrderType.LIMIT, TimeInForce.GTC, false, limitPrice(k, side),
                quantity(k)).clientOrderId(rnd.nextBoolean() ? 0 : -rnd.nextInt(5));
            default ->
            {
                // market buy of a poor quote balance: the balance cap
                order(account, k, Side.BUY, OrderType.MARKET, TimeInForce.IOC, false, 0,
                    clampQty(k, quantity(k) * 100));
            }
        }
    }

    private long otherThan(final long account)
    {
        long other = anyAccount();
        while (other == account)
        {
            other = anyAccount();
        }
        return other;
    }

    private long finishedOrderId()
    {
        final long next = model.nextOrderId();
        for (int attempt = 0; attempt < 8 && next > 1; attempt++)
        {
            final long id = 1 + rnd.nextLong(next - 1);
            if (model.liveOrder(id) == null)
            {
                return id;
            }
        }
        return next; // unknown
    }

    private void transferOf(final long from, final long to, final int asset, final long amount)
    {
        final long id = nextTransferId++;
        command.type(CommandType.TRANSFER).accountId(from).targetAccountId(to).assetId(asset).amount(amount)
            .transferId(id);
        if (model.account(from) != null)
        {
            rememberTransfer(from, id);
        }
    }

    /**
     * A replace of a live order: account override (0 = owner), and a price / quantity variant:
     * price 0/-1 invalid, 1 same, 2 off tick, 3 huge (overflow or funds); quantity 0/-1 invalid, 1 same,
     * 2 off lot, 3 at or below filled, 4 below min, 5 above max, 6 huge.
     */
    private void replaceOf(final ReferenceExchange.Order o, final long accountOverride, final int priceVariant,
        final int quantityVariant)
    {
        if (o == null)
        {
            generate(Kind.LIMIT_GTC);
            return;
        }
        final int k = indexOf(o.instrumentId());
        final long tick = INSTRUMENTS[k][3];
        final long lot = INSTRUMENTS[k][4];
        final long price = switch (priceVariant)
        {
            case 0 -> 0;
            case -1 -> -tick;
            case 1 -> o.price();
            case 2 -> tick == 1 ? o.price() : o.price() + 1;
            case 3 -> o.side() == Side.BUY ? (Long.MAX_VALUE / tick) * tick : o.price();
            case 4 -> o.price() == tick ? 2 * tick : o.price() - tick; // for quantity-only checks below
            default ->
            {
                // post-only to the opposite touch
                final ReferenceExchange.Instrument i = model.instrument(o.instrumentId());
                final long opposite = o.side() == Side.BUY ? i.bestAsk() : i.bestBid();
                yield opposite == 0 ? o.price() : opposite;
            }
        };
        final long quantity = switch (quantityVariant)
        {
            case 0 -> 0;
            case -1 -> -lot;
            case 1 -> o.quantity();
            case 2 -> lot == 1 ? o.quantity() : o.quantity() + 1;
            case 3 -> o.filled() > 0 ? o.filled() - lot * rnd.nextInt(2) : o.quantity();
            case 4 -> INSTRUMENTS[k][6] - lot;
            case 5 -> INSTRUMENTS[k][7] == Long.MAX_VALUE ? Long.MAX_VALUE : INSTRUMENTS[k][7] + lot;
            default -> INSTRUMENTS[k][7] == Long.MAX_VALUE ? 1L << 50 : INSTRUMENTS[k][7];
        };
        command.type(CommandType.REPLACE_ORDER).accountId(accountOverride == 0 ? o.accountId() : accountOverride)
            .orderId(o.id()).price(price).quantity(quantity);
    }

    private void invalidInstrument()
    {
        command.type(CommandType.ADD_INSTRUMENT).instrumentId(11).baseAssetId(BTC).quoteAssetId(USD).tickSize(10)
            .lotSize(10).tickValue(1).minQuantity(10).maxQuantity(1_000).makerFeePpm(0).takerFeePpm(0)
            .feeAccountId(FEE_ACCOUNT_1);
        switch (rnd.nextInt(16))
        {
            case 0 -> command.instrumentId(rnd.nextBoolean() ? 0 : -11);
            case 1 -> command.instrumentId((int)INSTRUMENTS[rnd.nextInt(INSTRUMENTS.length)][0]);
            case 2 -> command.baseAssetId(99);
            case 3 -> command.quoteAssetId(-1);
            case 4 -> command.quoteAssetId(BTC);
            case 5 -> command.tickSize(rnd.nextBoolean() ? 0 : -10);
            case 6 -> command.lotSize(0);
            case 7 -> command.tickValue(-1);
            case 8 -> command.minQuantity(5);
            case 9 -> command.minQuantity(15);
            case 10 -> command.maxQuantity(5);
            case 11 -> command.maxQuantity(1_005);
            case 12 -> command.makerFeePpm(-1);
            case 13 -> command.takerFeePpm(100_001);
            case 14 -> command.feeAccountId(rnd.nextBoolean() ? 0 : 424_242);
            default -> command.tickSize(0).makerFeePpm(-5).feeAccountId(0); // first failing check wins
        }
    }
}
