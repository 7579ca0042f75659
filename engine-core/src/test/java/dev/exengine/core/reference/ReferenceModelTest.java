package dev.exengine.core.reference;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.EventListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a long seeded random command stream through the business-logic processor and through the independent
 * {@link ReferenceExchange} and requires identical events, balances and invariants. Override the run with
 * {@code -Dreference.commands=N -Dreference.seed=S}.
 */
class ReferenceModelTest
{
    static final long DEFAULT_SEED = 0x5EED_2024_0601L;
    static final long DEFAULT_COMMANDS = 1_000_000L;
    static final int FULL_CHECK_EVERY = 10_000;
    /** Commands from the start for which every reject and query is checked with stateHash() before and after. */
    static final long DEFAULT_EXACT_HASH_COMMANDS = 50_000L;
    static final long BASE_TIMESTAMP = 1_700_000_000_000_000_000L;

    private long seed;
    private long index;
    private final Command[] recentCommands = new Command[8];

    @Test
    void processorMatchesReferenceModel()
    {
        seed = Long.getLong("reference.seed", DEFAULT_SEED);
        final long count = Long.getLong("reference.commands", DEFAULT_COMMANDS);
        final ReferenceExchange model = new ReferenceExchange();
        final CommandGenerator generator = new CommandGenerator(seed, model);
        final long exactHashCommands = Long.getLong("reference.exactHashCommands", DEFAULT_EXACT_HASH_COMMANDS);
        final BusinessLogicProcessor blp = new BusinessLogicProcessor();
        // the shadow gets only the commands that may change the state; at every full check its hash must equal
        // the main processor's, which proves that no reject or query in between changed anything
        final BusinessLogicProcessor shadow = new BusinessLogicProcessor();
        final List<String> expected = new ArrayList<>();
        final List<String> actual = new ArrayList<>();
        final List<String> shadowEvents = new ArrayList<>();
        final EventListener listener = e -> actual.add(e.toString());
        final EventListener shadowListener = e -> shadowEvents.add(e.toString());
        long lastShadowCheck = 0;
        final Map<String, Integer> stats = new TreeMap<>();
        long events = 0;
        final long start = System.nanoTime();
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        final long cpuStart = threads.getCurrentThreadCpuTime();

        for (index = 0; index < count; index++)
        {
            final Command c = generator.next();
            final Command commandText = c;
            final long sequence = index + 1;
            final long timestamp = BASE_TIMESTAMP + index * 1_000L + (index % 7);
            expected.clear();
            actual.clear();

            // every reject and query keeps the state hash, and so does a repeated transfer or movement id; a
            // first-time reject of one with an id is remembered (SEMANTICS.md "Remembered rejects")
            final boolean repeated = isRepeated(model, c);
            final boolean remembered = isRemembered(model, c);
            model.apply(c, sequence, timestamp, expected);
            final boolean unchanged = c.type().isQuery() || repeated || (isReject(expected.get(0)) && !remembered);
            // exact check per command while the state is small (stateHash() is O(state)); later the shadow
            final boolean hashCheck = unchanged && index < exactHashCommands;
            final long hashBefore = hashCheck ? blp.stateHash() : 0;
            try
            {
                blp.apply(c, sequence, timestamp, listener);
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError(context(commandText) + "\nthe processor threw; expected events:\n" +
                    String.join("\n", expected), ex);
            }
            if (!expected.equals(actual))
            {
                fail(context(commandText) + "\n" + diff(expected, actual));
            }
            if (hashCheck && blp.stateHash() != hashBefore)
            {
                fail(context(commandText) + "\nstate hash changed by a reject, query or repeated id; events:\n" +
                    String.join("\n", actual));
            }
            if (!unchanged)
            {
                shadowEvents.clear();
                shadow.apply(c, sequence, timestamp, shadowListener);
                if (!shadowEvents.equals(actual))
                {
                    fail(context(commandText) + "\nthe shadow processor (which skipped every reject and query since " +
                        "the start) answers differently, so a reject or query between command " + lastShadowCheck +
                        " and " + index + " changed the state; rerun with -Dreference.exactHashCommands=" +
                        (index + 1) + " to find it\n" + diff(actual, shadowEvents));
                }
            }
            for (final long[] t : model.touchedBalances())
            {
                compareBalance(blp, model, t[0], (int)t[1], commandText);
            }
            checkConservation(blp, model, commandText);
            if ((index + 1) % FULL_CHECK_EVERY == 0 || index == count - 1)
            {
                fullCompare(blp, model, commandText);
                if (blp.stateHash() != shadow.stateHash())
                {
                    fail(context(commandText) + "\na reject, query or repeated id between command " +
                        lastShadowCheck + " and " + index + " changed the state (the shadow processor, which " +
                        "skipped them, has another state hash); rerun with -Dreference.exactHashCommands=" +
                        (index + 1) + " to find it");
                }
                lastShadowCheck = index;
            }
            events += expected.size();
            count(stats, c, expected);
            if (repeated)
            {
                stats.merge("~ " + c.type() + " repeated id (original outcome repeated)", 1, Integer::sum);
            }
            else if (remembered && isReject(expected.get(0)))
            {
                stats.merge("~ " + c.type() + " first-time reject (remembered)", 1, Integer::sum);
            }
            if (c.type() == CommandType.REPLACE_ORDER && expected.size() > 1 &&
                expected.stream().anyMatch(e -> e.startsWith("TRADE")))
            {
                stats.merge("~ REPLACE_ORDER that traded", 1, Integer::sum);
            }
            if (c.type() == CommandType.NEW_ORDER && c.orderType() == dev.exengine.core.command.OrderType.MARKET)
            {
                stats.merge("~ NEW_ORDER MARKET " + c.side() + " " + c.timeInForce() + " -> " +
                    expected.get(0).substring(0, expected.get(0).indexOf(' ')), 1, Integer::sum);
            }
            remember(c);
        }
        final long millis = (System.nanoTime() - start) / 1_000_000;
        final StringBuilder report = new StringBuilder();
        report.append("reference run: seed=").append(seed).append(" commands=").append(count).append(" events=")
            .append(events).append(" liveOrders=").append(model.liveOrderCount()).append(" nextOrderId=")
            .append(model.nextOrderId()).append(" time=").append(millis).append(" ms cpu=")
            .append((threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000).append(" ms\n");
        stats.forEach((k, v) -> report.append(String.format("%9d  %s%n", v, k)));
        System.out.println(report);
    }

    /**
     * A TRANSFER whose (from-account, transferId), or a DEPOSIT or WITHDRAW whose (account, movementId) among its kind,
     * already has an outcome: it repeats it and changes nothing.
     */
    static boolean isRepeated(final ReferenceExchange model, final Command c)
    {
        final ReferenceExchange.Account account = model.account(c.accountId());
        return account != null && switch (c.type())
        {
            case TRANSFER -> account.hasTransfer(c.transferId());
            case DEPOSIT, WITHDRAW -> c.movementId() != 0 && account.hasMovement(c.type(), c.movementId());
            default -> false;
        };
    }

    /**
     * A first-time TRANSFER of an existing from-account, or DEPOSIT or WITHDRAW with a movement id of an existing
     * account: its outcome, even a reject, is remembered (state).
     */
    static boolean isRemembered(final ReferenceExchange model, final Command c)
    {
        final boolean hasId = c.type() == CommandType.TRANSFER ||
            ((c.type() == CommandType.DEPOSIT || c.type() == CommandType.WITHDRAW) && c.movementId() != 0);
        return hasId && model.account(c.accountId()) != null && !isRepeated(model, c);
    }

    static boolean isReject(final String firstEvent)
    {
        return firstEvent.startsWith("ORDER_REJECTED") || firstEvent.startsWith("CANCEL_REJECTED") ||
            firstEvent.startsWith("TRANSFER_REJECTED") || firstEvent.startsWith("ADMIN_REJECTED") ||
            firstEvent.startsWith("QUERY_REJECTED");
    }

    private void compareBalance(final BusinessLogicProcessor blp, final ReferenceExchange model, final long account,
        final int asset, final Command commandText)
    {
        final long ea = model.available(account, asset);
        final long eh = model.held(account, asset);
        final long aa = blp.available(account, asset);
        final long ah = blp.held(account, asset);
        if (ea != aa || eh != ah)
        {
            fail(context(commandText) + "\nbalance of account " + account + " asset " + asset + ": expected available=" +
                ea + " held=" + eh + ", processor available=" + aa + " held=" + ah);
        }
    }

    private void checkConservation(final BusinessLogicProcessor blp, final ReferenceExchange model,
        final Command commandText)
    {
        for (final int asset : model.assetIds())
        {
            final long modelTotal = model.runningTotal(asset);
            final long modelNet = model.deposited(asset) - model.withdrawn(asset);
            if (modelTotal != modelNet)
            {
                fail(context(commandText) + "\nMODEL conservation broken for asset " + asset + ": total=" + modelTotal +
                    " deposited-withdrawn=" + modelNet);
            }
            final long total = blp.totalBalance(asset);
            final long deposited = blp.deposited(asset);
            final long withdrawn = blp.withdrawn(asset);
            if (total != deposited - withdrawn || deposited != model.deposited(asset) ||
                withdrawn != model.withdrawn(asset))
            {
                fail(context(commandText) + "\nprocessor conservation for asset " + asset + ": totalBalance=" + total +
                    " deposited=" + deposited + " withdrawn=" + withdrawn + "; model deposited=" +
                    model.deposited(asset) + " withdrawn=" + model.withdrawn(asset) + " total=" + modelTotal);
            }
        }
    }

    private void fullCompare(final BusinessLogicProcessor blp, final ReferenceExchange model, final Command commandText)
    {
        check(Arrays.equals(model.assetIds(), blp.assetIds()), commandText, "assetIds " +
            Arrays.toString(model.assetIds()) + " vs " + Arrays.toString(blp.assetIds()));
        check(Arrays.equals(model.accountIds(), blp.accountIds()), commandText, "accountIds " +
            Arrays.toString(model.accountIds()) + " vs " + Arrays.toString(blp.accountIds()));
        check(Arrays.equals(model.instrumentIds(), blp.instrumentIds()), commandText, "instrumentIds " +
            Arrays.toString(model.instrumentIds()) + " vs " + Arrays.toString(blp.instrumentIds()));
        check(model.liveOrderCount() == blp.liveOrderCount(), commandText, "liveOrderCount " +
            model.liveOrderCount() + " vs " + blp.liveOrderCount());
        check(model.nextOrderId() == blp.nextOrderId(), commandText, "nextOrderId " + model.nextOrderId() + " vs " +
            blp.nextOrderId());
        for (final int asset : model.assetIds())
        {
            check(model.totalBalance(asset) == model.runningTotal(asset), commandText, "MODEL recount of asset " +
                asset + " " + model.totalBalance(asset) + " != running total " + model.runningTotal(asset));
            long sum = 0;
            for (final long account : model.accountIds())
            {
                compareBalance(blp, model, account, asset, commandText);
                sum = Math.addExact(sum, Math.addExact(blp.available(account, asset), blp.held(account, asset)));
            }
            check(sum == blp.totalBalance(asset), commandText, "processor totalBalance(" + asset + ")=" +
                blp.totalBalance(asset) + " but its balances sum to " + sum);
        }
    }

    private void check(final boolean ok, final Command commandText, final String what)
    {
        if (!ok)
        {
            fail(context(commandText) + "\nfull comparison: " + what);
        }
    }

    private String context(final Command commandText)
    {
        return "divergence at command index " + index + " (sequence " + (index + 1) + ", seed " + seed +
            "; rerun with -Dreference.seed=" + seed + " -Dreference.commands=" + (index + 1) + ")\ncommand: " +
            commandText + "\nprevious commands (oldest first):" + recentText();
    }

    private void remember(final Command c)
    {
        final int slot = (int)(index % recentCommands.length);
        if (recentCommands[slot] == null)
        {
            recentCommands[slot] = new Command();
        }
        recentCommands[slot].copyFrom(c);
    }

    /** The commands before the current one, oldest first. */
    private String recentText()
    {
        final StringBuilder sb = new StringBuilder();
        for (long k = Math.max(0, index - recentCommands.length); k < index; k++)
        {
            sb.append("\n  ").append(recentCommands[(int)(k % recentCommands.length)]);
        }
        return sb.toString();
    }

    static String diff(final List<String> expected, final List<String> actual)
    {
        int first = 0;
        while (first < expected.size() && first < actual.size() && expected.get(first).equals(actual.get(first)))
        {
            first++;
        }
        final StringBuilder sb = new StringBuilder();
        sb.append("events differ first at event #").append(first).append('\n');
        sb.append("  expected: ").append(first < expected.size() ? expected.get(first) : "<none>").append('\n');
        sb.append("  actual:   ").append(first < actual.size() ? actual.get(first) : "<none>").append('\n');
        sb.append("expected (model, ").append(expected.size()).append(" events):\n");
        for (int k = 0; k < expected.size(); k++)
        {
            sb.append(k == first ? "> " : "  ").append(expected.get(k)).append('\n');
        }
        sb.append("actual (processor, ").append(actual.size()).append(" events):\n");
        for (int k = 0; k < actual.size(); k++)
        {
            sb.append(k == first ? "> " : "  ").append(actual.get(k)).append('\n');
        }
        return sb.toString();
    }

    private static void count(final Map<String, Integer> stats, final Command c, final List<String> events)
    {
        final String first = events.get(0);
        final int space = first.indexOf(' ');
        String key = c.type() + " -> " + (space < 0 ? first : first.substring(0, space));
        final int reason = first.indexOf("rejectReason=");
        if (reason >= 0)
        {
            final int end = first.indexOf(' ', reason);
            key += " " + first.substring(reason + 13, end < 0 ? first.length() : end);
        }
        stats.merge(key, 1, Integer::sum);
        for (final String e : events)
        {
            if (e.startsWith("TRADE"))
            {
                stats.merge("~ TRADE events", 1, Integer::sum);
            }
            final int cancel = e.indexOf("cancelReason=");
            if (cancel >= 0)
            {
                final int end = e.indexOf(' ', cancel);
                stats.merge("~ ORDER_CANCELED " + e.substring(cancel + 13, end < 0 ? e.length() : end), 1,
                    Integer::sum);
            }
        }
    }
}
