package dev.exengine.tool;

import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventFields;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.event.EventType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Replays and prints what the engine produced. */
@picocli.CommandLine.Command(name = "events", mixinStandardHelpOptions = true,
    header = "Replays and prints the events produced (trades, rejects, cancels...) as text, JSON or CSV.",
    description = {"Replays the journal and prints the events the engine produced (acks, trades, rejects,",
        "cancels, balance changes), filtered like 'print', as text, JSON lines or CSV.",
        "Text: TIME TYPE field=value ... (the engine's canonical event text; zero fields are left out).",
        "JSON: every field the event's type has, 0 included; 64-bit integers are strings (docs/OUTPUT-FORMATS.md).",
        "CSV: a header row, then one row per event with a fixed column set (RFC 4180 quoting); a field the",
        "event's type does not have is an empty cell.",
        "--account matches the account, the maker, the taker or the transfer target; --type the command type."})
final class EventsCommand implements Callable<Integer>, EventListener
{
    /**
     * The CSV columns, stable across versions: new event fields are appended, never inserted. From
     * {@code commandType} on, each is the event field of that name; the JSON fields come in the same order.
     */
    static final List<String> CSV_COLUMNS = List.of(
        "sequence", "timestamp", "time", "type", "commandType", "accountId", "orderId", "clientOrderId",
        "instrumentId", "side", "orderType", "timeInForce", "postOnly", "price", "quantity", "remainingQuantity",
        "filledQuantity", "rejectReason", "cancelReason", "tradeId", "makerAccountId", "makerOrderId",
        "makerClientOrderId", "makerRemainingQuantity", "makerFee", "takerAccountId", "takerOrderId",
        "takerClientOrderId", "takerRemainingQuantity", "takerFee", "transferId", "targetAccountId", "assetId",
        "amount", "available", "held", "requestId", "count", "movementId");
    private static final List<RecordFields.Field> FIELDS = CSV_COLUMNS.subList(CSV_COLUMNS.indexOf("commandType"),
        CSV_COLUMNS.size()).stream().map(RecordFields.EVENT::field).toList();

    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Mixin
    RecordFilter filter;

    @Mixin
    Reporting reporting;

    @Option(names = "--event-type", paramLabel = "TYPE", description = "Only events of this type (repeatable): ${COMPLETION-CANDIDATES}.")
    List<EventType> eventTypes = List.of();

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json (one object per line) or csv.")
    OutputFormat format = OutputFormat.text;

    @Option(names = "--from-snapshot",
        description = "Start from the newest valid snapshot: faster, but events of commands inside it are not shown.")
    boolean fromSnapshot;

    @Option(names = "--scaled", description = "Amounts, quantities, prices and fees as decimals of their assets " +
        "rather than minor units (reads the journal's assets and instruments first).")
    boolean scaled;

    private final List<String> cells = new ArrayList<>(CSV_COLUMNS.size());
    private final StringBuilder text = new StringBuilder(256);
    private final StringBuilder line = new StringBuilder(512);
    private final JsonLine json = new JsonLine();
    private Scales scales;
    private PrintWriter out;

    @Override
    public Integer call()
    {
        final JournalLocation location = journal.location();
        out = spec.commandLine().getOut();
        scales = scaled ? Scales.read(location) : null;
        if (format == OutputFormat.csv)
        {
            out.println(CsvRow.append(line, CSV_COLUMNS));
        }
        try
        {
            Replays.run(location, Replays.snapshotSource(location, fromSnapshot), filter.toSequence, filter.toTime, this,
                reporting, spec.commandLine().getErr(), "events: replayed");
        }
        finally
        {
            out.flush();
        }
        return ExitCodes.OK;
    }

    @Override
    public void onEvent(final Event event)
    {
        if (!filter.inRange(event.sequence(), event.timestamp()) || !filter.matches(event) ||
            (!eventTypes.isEmpty() && !eventTypes.contains(event.type())))
        {
            return;
        }
        line.setLength(0);
        switch (format)
        {
            case text -> appendText(event);
            case json -> appendJson(event);
            case csv -> appendCsv(event);
            default -> throw new IllegalStateException("unhandled format " + format);
        }
        out.println(line);
    }

    private void appendText(final Event event)
    {
        text.setLength(0);
        event.appendTo(text);
        line.append(Timestamps.iso(event.timestamp())).append(' ');
        if (scales != null)
        {
            CanonicalText.appendScaled(text, scales, event.assetId(), event.instrumentId(), null, line);
        }
        else
        {
            line.append(text);
        }
    }

    private void appendJson(final Event event)
    {
        json.begin();
        json.field("sequence", event.sequence());
        json.field("timestamp", event.timestamp());
        json.field("time", Timestamps.iso(event.timestamp()));
        json.field("type", event.type().name());
        final Set<String> has = EventFields.of(event.type(), event.commandType());
        for (final RecordFields.Field field : FIELDS)
        {
            final Object value = field.value(event);
            if (isWritten(field, value, has))
            {
                json.field(field.name(), shown(field, value, event));
            }
        }
        line.append(json.end());
    }

    private void appendCsv(final Event event)
    {
        cells.clear();
        cells.add(Long.toString(event.sequence()));
        cells.add(Long.toString(event.timestamp()));
        cells.add(Timestamps.iso(event.timestamp()));
        cells.add(event.type().name());
        final Set<String> has = EventFields.of(event.type(), event.commandType());
        for (final RecordFields.Field field : FIELDS)
        {
            final Object value = field.value(event);
            cells.add(isWritten(field, value, has) && value != null ? shown(field, value, event).toString() : "");
        }
        CsvRow.append(line, cells);
    }

    /** Every event has its commandType; the fields of its type are written 0 included, any other one when set. */
    private static boolean isWritten(final RecordFields.Field field, final Object value, final Set<String> has)
    {
        return field.name().equals("commandType") || has.contains(field.name()) || field.isSet(value);
    }

    private Object shown(final RecordFields.Field field, final Object value, final Event event)
    {
        return scales == null ? value : scales.shown(field, value, event.assetId(), event.instrumentId(), null);
    }
}
