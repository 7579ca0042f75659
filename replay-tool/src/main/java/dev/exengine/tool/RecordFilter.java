package dev.exengine.tool;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.Event;
import picocli.CommandLine.Option;

import java.util.List;

/** The record filters print and events share: sequence and time range, account, instrument, command type. */
final class RecordFilter
{
    @Option(names = "--from-seq", paramLabel = "SEQ", description = "First journal sequence to show.")
    long fromSequence = 1;

    @Option(names = "--to-seq", paramLabel = "SEQ", description = "Last journal sequence to show.")
    long toSequence = Long.MAX_VALUE;

    @Option(names = "--from-time", paramLabel = "TIME", converter = Timestamps.class,
        description = "Earliest record time, ISO-8601 UTC (2024-05-01T10:00:00Z), a date, or epoch nanoseconds.")
    long fromTime = Long.MIN_VALUE;

    @Option(names = "--to-time", paramLabel = "TIME", converter = Timestamps.class,
        description = "Latest record time (inclusive), same forms as --from-time.")
    long toTime = Long.MAX_VALUE;

    @Option(names = "--account", paramLabel = "ID", description = "Only records naming this account (repeatable).")
    List<Long> accounts = List.of();

    @Option(names = "--instrument", paramLabel = "ID", description = "Only records naming this instrument (repeatable).")
    List<Integer> instruments = List.of();

    @Option(names = "--type", paramLabel = "TYPE",
        description = "Only commands of this type (repeatable): ${COMPLETION-CANDIDATES}.")
    List<CommandType> types = List.of();

    /** True once a record at this sequence and time, or any later one, is past the range. */
    boolean pastEnd(final long sequence, final long timestamp)
    {
        return sequence > toSequence || timestamp > toTime;
    }

    boolean inRange(final long sequence, final long timestamp)
    {
        return sequence >= fromSequence && timestamp >= fromTime && !pastEnd(sequence, timestamp);
    }

    /** @return true when a type, account or instrument is asked for: the filter looks into the records' content. */
    boolean selectsContent()
    {
        return !types.isEmpty() || !accounts.isEmpty() || !instruments.isEmpty();
    }

    boolean matches(final Command command)
    {
        return (types.isEmpty() || types.contains(command.type())) &&
            (accounts.isEmpty() || namesAccount(command.accountId(), command.targetAccountId(), command.feeAccountId())) &&
            (instruments.isEmpty() || instruments.contains(command.instrumentId()));
    }

    boolean matches(final Event event)
    {
        return (types.isEmpty() || types.contains(event.commandType())) &&
            (accounts.isEmpty() ||
                namesAccount(event.accountId(), event.targetAccountId(), event.makerAccountId(), event.takerAccountId())) &&
            (instruments.isEmpty() || instruments.contains(event.instrumentId()));
    }

    private boolean namesAccount(final long... ids)
    {
        for (final long id : ids)
        {
            if (id != 0 && accounts.contains(id))
            {
                return true;
            }
        }
        return false;
    }
}
