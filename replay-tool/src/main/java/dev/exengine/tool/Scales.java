package dev.exengine.tool;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.journal.JournalInfo;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.JournalRecordHandler;
import dev.exengine.journal.snapshot.SnapshotStore;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.Set;

/**
 * What --scaled shows: amounts, quantities, prices and fees as decimals, from the minor units the engine counts in
 * (docs/SEMANTICS.md "Numbers"). An amount, an available or a held balance is in the record's asset; a quantity,
 * minQuantity, maxQuantity and lotSize in its instrument's base asset; makerFee, takerFee and tickValue in its quote
 * asset; a price and tickSize in quote per one whole base unit. The assets and instruments come from a state that
 * holds them: the replayed one, or the journal's ADD_ASSET, OPEN_ACCOUNT and ADD_INSTRUMENT records applied (after
 * the newest valid snapshot, when there is one), so that only what the engine accepted counts. A value whose record
 * does not name its asset or instrument (a REPLACE_ORDER, the CANCEL_REJECTED of one) stays in minor units.
 */
final class Scales
{
    private static final Set<CommandType> DEFINITIONS =
        Set.of(CommandType.ADD_ASSET, CommandType.OPEN_ACCOUNT, CommandType.ADD_INSTRUMENT);
    private static final Set<String> ASSET_AMOUNTS = Set.of("amount", "available", "held");
    private static final Set<String> BASE_QUANTITIES = Set.of("quantity", "remainingQuantity", "filledQuantity",
        "makerRemainingQuantity", "takerRemainingQuantity", "minQuantity", "maxQuantity", "lotSize");
    private static final Set<String> QUOTE_AMOUNTS = Set.of("makerFee", "takerFee", "tickValue");
    private static final Set<String> PRICES = Set.of("price", "tickSize");

    private final BusinessLogicProcessor definitions;
    private final Command instrument = new Command();
    private long through;

    private Scales(final BusinessLogicProcessor definitions, final long through)
    {
        this.definitions = definitions;
        this.through = through;
    }

    /** The scales of a replayed state. */
    static Scales of(final BusinessLogicProcessor state)
    {
        return new Scales(state, Long.MAX_VALUE);
    }

    /** Reads the assets and instruments of the whole journal as it is now; {@link #learn} adds later ones. */
    static Scales read(final JournalLocation location)
    {
        final Optional<SnapshotStore.LoadResult> newest = location.snapshots()
            .map(directory -> Snapshots.open(directory).loadNewestValid())
            .filter(loaded -> loaded.snapshot().isPresent());
        final long snapshotSequence = newest.map(loaded -> loaded.snapshot().get().journalSequence()).orElse(0L);
        final BusinessLogicProcessor definitions = newest.map(loaded -> BusinessLogicProcessor.readSnapshot(
            new UnsafeBuffer(loaded.state()), 0, loaded.state().remaining())).orElseGet(BusinessLogicProcessor::new);
        if (snapshotSequence == 0 && JournalInfo.read(location.journal()).firstSequence() > 1)
        {
            throw new ToolException(ExitCodes.USAGE, "--scaled: the journal's first records were pruned and there " +
                "is no valid snapshot, so the assets' scales are not known; pass --snapshots DIR, or leave out --scaled");
        }
        final Scales scales = new Scales(definitions, snapshotSequence);
        try (JournalReader reader = JournalReader.open(location.journal()))
        {
            if (snapshotSequence == 0 || reader.seek(snapshotSequence + 1))
            {
                final Command command = new Command();
                final UnsafeBuffer view = new UnsafeBuffer(0, 0);
                final JournalRecordHandler learner = (sequence, timestamp, origin, buffer, offset, length) ->
                {
                    view.wrap(buffer, offset, length);
                    if (CommandCodec.decode(view, 0, length, command) != CommandCodec.MALFORMED)
                    {
                        scales.learn(sequence, timestamp, command);
                    }
                };
                int read;
                do
                {
                    read = reader.poll(learner, JournalScan.BATCH);
                }
                while (read > 0);
            }
        }
        return scales;
    }

    /** Takes in an asset, an account or an instrument added after what the scales were read from. */
    void learn(final long sequence, final long timestamp, final Command command)
    {
        if (sequence > through && DEFINITIONS.contains(command.type()))
        {
            definitions.apply(command, sequence, timestamp, event -> { });
            through = sequence;
        }
    }

    /**
     * @param assetId      the record's asset, 0 when it names none.
     * @param instrumentId the record's instrument, 0 when it names none.
     * @param record       the command itself when it is an ADD_INSTRUMENT (its own assets and grid count), or null.
     * @return the value as a decimal, or null when it is not an amount, a quantity or a price, or the record does not
     * say what it is in, or (a price) the instrument's price unit is no finite decimal.
     */
    String decimal(final String field, final long value, final int assetId, final int instrumentId, final Command record)
    {
        if (ASSET_AMOUNTS.contains(field))
        {
            return asset(value, assetId);
        }
        if (!BASE_QUANTITIES.contains(field) && !QUOTE_AMOUNTS.contains(field) && !PRICES.contains(field))
        {
            return null;
        }
        final Command definition = record != null && record.type() == CommandType.ADD_INSTRUMENT ? record :
            instrumentId != 0 && definitions.instrumentDefinition(instrumentId, instrument) ? instrument : null;
        if (definition == null)
        {
            return null;
        }
        if (BASE_QUANTITIES.contains(field))
        {
            return asset(value, definition.baseAssetId());
        }
        if (QUOTE_AMOUNTS.contains(field))
        {
            return asset(value, definition.quoteAssetId());
        }
        return price(value, definition);
    }

    /** A field's value as --scaled shows it: a decimal string when {@link #decimal} gives one, else as it is. */
    Object shown(
        final RecordFields.Field field, final Object value, final int assetId, final int instrumentId,
        final Command record)
    {
        if (field.kind() != RecordFields.Kind.LONG)
        {
            return value;
        }
        final String decimal = decimal(field.name(), (Long)value, assetId, instrumentId, record);
        return decimal != null ? decimal : value;
    }

    private String asset(final long units, final int assetId)
    {
        final int scale = assetId == 0 ? -1 : definitions.assetScale(assetId);
        return scale < 0 ? null : BigDecimal.valueOf(units, scale).toPlainString();
    }

    /**
     * A price unit is tickValue quote minor units per tickSize units of price for lotSize base minor units: in quote
     * per whole base unit, tickValue * 10^baseScale / (tickSize * lotSize) / 10^quoteScale. The price is shown with
     * the decimals that unit needs (the demo's BTC-USD: 0.01 USD, so 6500000 is 65000.00).
     */
    private String price(final long price, final Command definition)
    {
        final int baseScale = definitions.assetScale(definition.baseAssetId());
        final int quoteScale = definitions.assetScale(definition.quoteAssetId());
        if (baseScale < 0 || quoteScale < 0)
        {
            return null;
        }
        final BigDecimal unit;
        try
        {
            unit = new BigDecimal(BigInteger.valueOf(definition.tickValue()).multiply(BigInteger.TEN.pow(baseScale)))
                .divide(new BigDecimal(BigInteger.valueOf(definition.tickSize())
                    .multiply(BigInteger.valueOf(definition.lotSize()))))
                .movePointLeft(quoteScale);
        }
        catch (final ArithmeticException notFinite)
        {
            return null;
        }
        return unit.multiply(BigDecimal.valueOf(price))
            .setScale(Math.max(0, unit.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY).toPlainString();
    }
}
