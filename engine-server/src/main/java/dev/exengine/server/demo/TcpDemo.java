package dev.exengine.server.demo;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A newcomer's first look at the engine: the admin and two traders of the default market log in over TCP
 * (SoupBinTCP + SBE, the Java client library). The admin tops up what the traders spend in a run (so the demo runs
 * again and again on the same journal), Bob offers 0.5 BTC on two levels, Alice buys 0.3 BTC through both and rests
 * a bid, Bob cancels what is left; then both ask for their balances and the book. Every message a user receives is
 * printed, numbered {@code #N}: its SoupBinTCP sequence number in that user's stream.
 */
public final class TcpDemo
{
    private static final int BTC_USD = 1;
    private static final long ALICE_ACCOUNT = 1;
    private static final long BOB_ACCOUNT = 2;
    private static final int USD = 1;
    private static final int BTC = 2;
    /** What a run spends: Alice pays about 19,530 USD for 0.3 BTC and leaves a 6,450 USD bid; Bob sells 0.3 BTC. */
    private static final long USD_TOP_UP = 26_000L * 10_000;
    private static final long BTC_TOP_UP = 30_000_000;
    private static final int USD_SCALE = 4;
    private static final int BTC_SCALE = 8;
    private static final int PRICE_SCALE = 2;
    private static final long TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(20);

    private final PrintStream out;

    public TcpDemo(final PrintStream out)
    {
        this.out = out;
    }

    public void run(final InetSocketAddress server, final String session) throws IOException
    {
        final Trader admin = new Trader("admin");
        final Trader alice = new Trader("alice");
        final Trader bob = new Trader("bob");
        try (ExchangeClient adminClient = new ExchangeClient(admin);
            ExchangeClient aliceClient = new ExchangeClient(alice);
            ExchangeClient bobClient = new ExchangeClient(bob))
        {
            out.println("""
                Every message the engine sends a user is printed as it arrives: "alice #12" is message 12 of alice's
                stream, its SoupBinTCP sequence number. Each user's stream is numbered from 1 in the session and kept
                across runs; the demo asks only for new messages, so a user's numbers go on from where the last run
                (or, for alice and bob, the starting market) left them, without gaps.""");
            login(adminClient, "admin", "admin-demo", server, session);
            login(aliceClient, "alice", "alice-demo", server, session);
            login(bobClient, "bob", "bob-demo", server, session);
            final Pump pump = new Pump(adminClient, aliceClient, bobClient);
            // Client order ids must be unique among an account's live orders, and a movement id among the account's
            // deposits (a resent top-up credits once); a clock is good enough for a demo.
            final long clientOrderId = System.currentTimeMillis() * 10;
            adminClient.deposit(ALICE_ACCOUNT, USD, USD_TOP_UP, clientOrderId);
            adminClient.deposit(BOB_ACCOUNT, BTC, BTC_TOP_UP, clientOrderId);
            pump.until(() -> admin.adminResults >= 2);

            bobClient.newOrder(BOB_ACCOUNT, BTC_USD, clientOrderId, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
                false, 6_500_000, 20_000_000);
            bobClient.newOrder(BOB_ACCOUNT, BTC_USD, clientOrderId + 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
                false, 6_510_000, 30_000_000);
            pump.until(() -> bob.answered >= 2);
            aliceClient.newOrder(ALICE_ACCOUNT, BTC_USD, clientOrderId + 2, Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, false, 6_510_000, 30_000_000);
            aliceClient.newOrder(ALICE_ACCOUNT, BTC_USD, clientOrderId + 3, Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, false, 6_450_000, 10_000_000);
            pump.until(() -> alice.answered >= 2);
            bobClient.massCancel(BOB_ACCOUNT, BTC_USD);
            pump.until(() -> bob.massCanceled);

            aliceClient.queryBalances(1, ALICE_ACCOUNT);
            bobClient.queryBalances(2, BOB_ACCOUNT);
            aliceClient.queryDepth(3, BTC_USD, 5);
            pump.until(() -> alice.queriesDone >= 2 && bob.queriesDone >= 1);
            adminClient.logout();
            aliceClient.logout();
            bobClient.logout();
        }
    }

    private void login(
        final ExchangeClient client, final String user, final String password, final InetSocketAddress server,
        final String session) throws IOException
    {
        client.connect(server.getHostString(), server.getPort());
        if (!client.login(user, password, session, 0))
        {
            throw new IllegalStateException(user + " could not log in: reason '" + client.loginRejectReason() + "'");
        }
        out.printf("%-5s logged in to session %s over SoupBinTCP%n", user, client.session());
    }

    /** Polls the demo's clients on this thread until a condition holds. */
    private static final class Pump
    {
        private final ExchangeClient[] clients;

        Pump(final ExchangeClient... clients)
        {
            this.clients = clients;
        }

        void until(final BooleanSupplier condition) throws IOException
        {
            final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            while (!condition.getAsBoolean())
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw new IllegalStateException("the engine did not answer within " + TIMEOUT_MILLIS + " ms");
                }
                int work = 0;
                for (final ExchangeClient client : clients)
                {
                    work += client.poll();
                }
                if (work == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Prints what one trader receives and counts what the demo waits for. */
    private final class Trader implements ExchangeListener
    {
        private final String name;
        private int answered;
        private int adminResults;
        private int queriesDone;
        private boolean massCanceled;

        Trader(final String name)
        {
            this.name = name;
        }

        @Override
        public void onOrderAccepted(final long sequence, final Event event)
        {
            answered++;
            print(sequence, "accepted  order %d: %s %s BTC @ %s USD", event.orderId(), event.side(),
                btc(event.quantity()), usd(event.price()));
        }

        @Override
        public void onOrderRejected(final long sequence, final Event event)
        {
            answered++;
            print(sequence, "REJECTED  %s", event.rejectReason());
        }

        @Override
        public void onAdminResult(final long sequence, final Event event)
        {
            adminResults++;
            print(sequence, "%s %s of %s %s to account %d", event.type() == EventType.ADMIN_DONE ? "done     " : "REJECTED ",
                event.commandType(), assetName(event.assetId()), amount(event.assetId(), event.amount()),
                event.accountId());
        }

        @Override
        public void onTrade(final long sequence, final Event event, final boolean maker)
        {
            print(sequence, "trade     %s %s BTC @ %s USD as %s, fee %s USD, %s BTC left", event.side(),
                btc(event.quantity()), usd(event.price()), maker ? "maker" : "taker",
                decimal(maker ? event.makerFee() : event.takerFee(), USD_SCALE), btc(event.remainingQuantity()));
        }

        @Override
        public void onOrderCanceled(final long sequence, final Event event)
        {
            print(sequence, "canceled  order %d (%s), %s BTC unfilled", event.orderId(), event.cancelReason(),
                btc(event.remainingQuantity()));
        }

        @Override
        public void onMassCancelDone(final long sequence, final Event event)
        {
            massCanceled = true;
            print(sequence, "canceling %d order(s) on instrument %d", event.count(), event.instrumentId());
        }

        @Override
        public void onBalanceUpdate(final long sequence, final Event event)
        {
            print(sequence, "changed   %s available %s, held %s", assetName(event.assetId()),
                amount(event.assetId(), event.available()), amount(event.assetId(), event.held()));
        }

        @Override
        public void onQueryAnswer(final long sequence, final Event event)
        {
            if (event.type() == EventType.BALANCE)
            {
                print(sequence, "balance   %s available %s, held %s", assetName(event.assetId()),
                    amount(event.assetId(), event.available()), amount(event.assetId(), event.held()));
            }
            else if (event.type() == EventType.DEPTH_LEVEL)
            {
                print(sequence, "book      %s %s BTC @ %s USD (%d orders)", event.side(), btc(event.quantity()),
                    usd(event.price()), event.count());
            }
            else if (event.type() == EventType.QUERY_DONE)
            {
                queriesDone++;
                print(sequence, "done      query %d: %d answer(s)", event.requestId(), event.count());
            }
            else
            {
                onMessage(sequence, event);
            }
        }

        /** Any other message (a reject, should one come): the engine's canonical text, so that none goes unprinted. */
        @Override
        public void onMessage(final long sequence, final Event event)
        {
            print(sequence, "%s", event);
        }

        private void print(final long sequence, final String format, final Object... arguments)
        {
            out.printf("%-5s #%-4d %s%n", name, sequence, String.format(format, arguments));
        }
    }

    /** The demo's two assets: USD and BTC. */
    private static String assetName(final int assetId)
    {
        return assetId == USD ? "USD" : "BTC";
    }

    private static String amount(final int assetId, final long units)
    {
        return decimal(units, assetId == USD ? USD_SCALE : BTC_SCALE);
    }

    private static String btc(final long units)
    {
        return decimal(units, BTC_SCALE);
    }

    private static String usd(final long price)
    {
        return decimal(price, PRICE_SCALE);
    }

    private static String decimal(final long units, final int scale)
    {
        return BigDecimal.valueOf(units, scale).toPlainString();
    }
}
