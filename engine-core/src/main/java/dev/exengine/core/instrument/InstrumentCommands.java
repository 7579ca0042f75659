package dev.exengine.core.instrument;

import dev.exengine.core.EngineState;
import dev.exengine.core.account.Asset;
import dev.exengine.core.book.OrderCommands;
import dev.exengine.core.command.Command;
import dev.exengine.core.event.EventPublisher;
import dev.exengine.core.event.RejectReason;

/**
 * ADD_INSTRUMENT, HALT_INSTRUMENT and RESUME_INSTRUMENT: operator commands that create an instrument or change its
 * status; a halt cancels the instrument's book. Creating allocates (the state grows); rejects and status changes
 * allocate nothing.
 */
public final class InstrumentCommands
{
    private static final int MAX_FEE_PPM = 100_000;

    private final EngineState state;
    private final EventPublisher events;
    private final OrderCommands orders;

    public InstrumentCommands(final EngineState state, final EventPublisher events, final OrderCommands orders)
    {
        this.state = state;
        this.events = events;
        this.orders = orders;
    }

    public void addInstrument(final Command command)
    {
        final RejectReason reason = checkInstrument(command);
        if (reason == RejectReason.NONE)
        {
            state.addInstrument(command.instrumentId(), state.asset(command.baseAssetId()),
                state.asset(command.quoteAssetId()), command.tickSize(), command.lotSize(), command.tickValue(),
                command.minQuantity(), command.maxQuantity(), command.makerFeePpm(), command.takerFeePpm(),
                state.account(command.feeAccountId()));
        }
        events.adminOutcome(command, reason, 0);
    }

    public void haltInstrument(final Command command, final boolean halt)
    {
        final Instrument instrument = state.instrument(command.instrumentId());
        final RejectReason reason = instrument == null ? RejectReason.UNKNOWN_INSTRUMENT :
            instrument.isHalted() == halt ?
            (halt ? RejectReason.INSTRUMENT_HALTED : RejectReason.INSTRUMENT_NOT_HALTED) : RejectReason.NONE;
        if (reason != RejectReason.NONE)
        {
            events.adminOutcome(command, reason, 0);
            return;
        }
        instrument.halted(halt);
        events.adminOutcome(command, reason, halt ? instrument.book().orderCount() : 0);
        if (halt)
        {
            orders.cancelAll(instrument);
        }
    }

    private RejectReason checkInstrument(final Command command)
    {
        final int instrumentId = command.instrumentId();
        if (instrumentId <= 0)
        {
            return RejectReason.INVALID_ID;
        }
        if (state.instrument(instrumentId) != null)
        {
            return RejectReason.DUPLICATE_INSTRUMENT;
        }
        final Asset base = state.asset(command.baseAssetId());
        final Asset quote = state.asset(command.quoteAssetId());
        if (base == null || quote == null || base == quote)
        {
            return RejectReason.UNKNOWN_ASSET;
        }
        final long lotSize = command.lotSize();
        final long minQuantity = command.minQuantity();
        final long maxQuantity = command.maxQuantity();
        if (command.tickSize() <= 0 || lotSize <= 0 || command.tickValue() <= 0 ||
            minQuantity < lotSize || minQuantity % lotSize != 0 ||
            maxQuantity < minQuantity || maxQuantity % lotSize != 0)
        {
            return RejectReason.INVALID_INSTRUMENT;
        }
        if (command.makerFeePpm() < 0 || command.makerFeePpm() > MAX_FEE_PPM ||
            command.takerFeePpm() < 0 || command.takerFeePpm() > MAX_FEE_PPM)
        {
            return RejectReason.INVALID_FEE;
        }
        return state.account(command.feeAccountId()) == null ? RejectReason.UNKNOWN_ACCOUNT : RejectReason.NONE;
    }
}
