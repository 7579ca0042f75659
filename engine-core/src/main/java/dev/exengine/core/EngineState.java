package dev.exengine.core;

import dev.exengine.core.account.Account;
import dev.exengine.core.account.Asset;
import dev.exengine.core.book.LiveOrders;
import dev.exengine.core.book.Order;
import dev.exengine.core.book.OrderBook;
import dev.exengine.core.book.Pool;
import dev.exengine.core.instrument.Instrument;
import dev.exengine.core.ledger.Ledger;

import java.util.ArrayList;

/**
 * The whole state of the processor: registries in creation order (the canonical iteration order) with id indexes,
 * live orders, transfer logs, id counters and the object pools. Lookups allocate nothing.
 */
public final class EngineState
{
    private static final int POOL_BATCH = 1024;

    private final ArrayList<Asset> assets = new ArrayList<>();
    private final IdIndex<Asset> assetsById = new IdIndex<>();
    private final ArrayList<Account> accounts = new ArrayList<>();
    private final IdIndex<Account> accountsById = new IdIndex<>();
    private final ArrayList<Instrument> instruments = new ArrayList<>();
    private final IdIndex<Instrument> instrumentsById = new IdIndex<>();
    private final LiveOrders liveOrders = new LiveOrders();
    private final Ledger ledger = new Ledger();
    private final Pool<Order> orderPool = new Pool<>(Order::new, POOL_BATCH);
    private long nextOrderId = 1;
    private long nextTradeId = 1;

    public Asset addAsset(final int id, final int scale)
    {
        final Asset asset = new Asset(id, assets.size(), scale);
        assets.add(asset);
        assetsById.put(id, asset);
        for (int i = 0; i < accounts.size(); i++)
        {
            accounts.get(i).ensureAssetCapacity(assets.size());
        }
        return asset;
    }

    public Account openAccount(final long id)
    {
        final Account account = new Account(id, accounts.size(), assets.size());
        accounts.add(account);
        accountsById.put(id, account);
        liveOrders.openAccount();
        ledger.openAccount();
        return account;
    }

    public Instrument addInstrument(
        final int id, final Asset base, final Asset quote, final long tickSize, final long lotSize,
        final long tickValue, final long minQuantity, final long maxQuantity, final int makerFeePpm,
        final int takerFeePpm, final Account feeAccount)
    {
        final Instrument instrument = new Instrument(id, instruments.size(), base, quote, tickSize, lotSize,
            tickValue, minQuantity, maxQuantity, makerFeePpm, takerFeePpm, feeAccount, new OrderBook(tickSize));
        instruments.add(instrument);
        instrumentsById.put(id, instrument);
        return instrument;
    }

    /** The asset with this id, or null. */
    public Asset asset(final int id)
    {
        return assetsById.get(id);
    }

    /** The account with this id, or null. */
    public Account account(final long id)
    {
        return accountsById.get(id);
    }

    /** The instrument with this id, or null. */
    public Instrument instrument(final int id)
    {
        return instrumentsById.get(id);
    }

    public int assetCount()
    {
        return assets.size();
    }

    /** The asset at a creation-order index. */
    public Asset assetAt(final int index)
    {
        return assets.get(index);
    }

    public int accountCount()
    {
        return accounts.size();
    }

    public Account accountAt(final int index)
    {
        return accounts.get(index);
    }

    public int instrumentCount()
    {
        return instruments.size();
    }

    public Instrument instrumentAt(final int index)
    {
        return instruments.get(index);
    }

    public LiveOrders liveOrders()
    {
        return liveOrders;
    }

    public Ledger ledger()
    {
        return ledger;
    }

    public Pool<Order> orderPool()
    {
        return orderPool;
    }

    public long nextOrderId()
    {
        return nextOrderId;
    }

    /** Issues the next engine order id. */
    public long takeOrderId()
    {
        return nextOrderId++;
    }

    public long nextTradeId()
    {
        return nextTradeId;
    }

    /** Issues the next trade id. */
    public long takeTradeId()
    {
        return nextTradeId++;
    }

    /** Sets the id counters when a snapshot is restored. */
    public void restoreCounters(final long nextOrderId, final long nextTradeId)
    {
        this.nextOrderId = nextOrderId;
        this.nextTradeId = nextTradeId;
    }
}
