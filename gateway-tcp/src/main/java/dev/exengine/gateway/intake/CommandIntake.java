package dev.exengine.gateway.intake;

import dev.exengine.core.command.Command;
import dev.exengine.core.event.RejectReason;
import dev.exengine.core.port.CommandClaim;
import dev.exengine.core.port.CommandSink;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.gateway.GatewayAudit;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.gateway.connection.Connection;
import dev.exengine.gateway.connection.Connections;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.gateway.stream.UserStreams;
import dev.exengine.gateway.user.User;
import dev.exengine.protocol.codec.DecodeResult;
import dev.exengine.protocol.codec.InboundDecoder;
import dev.exengine.protocol.codec.OutboundEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where a logged-in client's application message becomes a command for the engine: it is decoded straight into an
 * input slot claimed from the engine ({@link CommandSink#tryClaim}), charged against the connection's rate limit
 * ({@link TokenBucket}), authorized (an admin command needs the admin role, any other command an account the user may
 * trade), and committed. What does not pass is answered here and the slot is given back: a reject with the reason,
 * in the user's sequenced stream (the client may need it after a reconnect: it names the order), or for what cannot be
 * decoded a ProtocolReject to the sending session only, as Unsequenced Data. That one is never stored: it names no
 * command a client could ask about later, and junk must not fill the disk nor reach the user's other sessions. Where
 * another node derives the users' streams from the journal too ({@link GatewayConfig#unjournaledAnswersInStream()} false),
 * the rejects go to the sending session as Unsequenced Data as well, so that every node's stream is the same. A session
 * that keeps sending junk ({@link GatewayConfig#maxUndecodablePerWindow()}) is ended. Owned by the gateway's thread;
 * allocates nothing.
 */
public final class CommandIntake
{
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final GatewayAudit audit;
    private final Connections connections;
    private final UserStreams streams;
    private final InboundDecoder decoder = new InboundDecoder();
    private final OutboundEncoder encoder = new OutboundEncoder();
    private final CommandClaim claim = new CommandClaim();
    /** Decoded into when the engine has no slot, and what a refused command is answered from. */
    private final Command refused = new Command();
    private final UnsafeBuffer reply = new UnsafeBuffer(new byte[OutboundEncoder.MAX_MESSAGE_LENGTH]);
    private CommandSink engine;

    public CommandIntake(
        final GatewayConfig config, final GatewayMetrics metrics, final GatewayAudit audit, final Connections connections,
        final UserStreams streams)
    {
        this.config = config;
        this.metrics = metrics;
        this.audit = audit;
        this.connections = connections;
        this.streams = streams;
    }

    /** Where the commands go from now on. */
    public void engine(final CommandSink engine)
    {
        this.engine = engine;
    }

    public void onMessage(
        final Connection connection, final DirectBuffer buffer, final int offset, final int length,
        final long nowMillis, final long nowNanos)
    {
        final User user = connection.user();
        final SubmitResult claimed = engine.tryClaim(user.index(), claim);
        try
        {
            take(connection, user, claimed, buffer, offset, length, nowMillis, nowNanos);
        }
        finally
        {
            // Whatever went wrong, a claimed slot never stays open: the engine would wait for it for ever.
            if (claim.isClaimed())
            {
                claim.abort();
            }
        }
    }

    private void take(
        final Connection connection, final User user, final SubmitResult claimed, final DirectBuffer buffer,
        final int offset, final int length, final long nowMillis, final long nowNanos)
    {
        final Command command = claimed == SubmitResult.ACCEPTED ? claim.command() : refused;
        final DecodeResult result = decoder.decode(buffer, offset, length, command);
        // Every message takes a token, an undecodable one too: each would otherwise cost a decode and a sent reject.
        if (!connection.tokens().tryTake(nowNanos))
        {
            giveBack(command);
            metrics.throttled();
            audit.commandThrottled(connection, nowMillis);
            if (!result.isError())
            {
                // Beyond the rate an undecodable message gets no answer at all; it still counts as abuse.
                answer(connection, result, RejectReason.THROTTLED, nowMillis);
            }
            if (connection.throttled(nowMillis, config.maxThrottlesPerWindow(), config.throttleWindowMillis()))
            {
                final String reason = "throttled more than " + config.maxThrottlesPerWindow() + " times within " +
                    config.throttleWindowMillis() + " ms";
                audit.abuseDisconnect(connection, reason, nowMillis);
                connections.disconnect(connection, DisconnectReason.ABUSE, reason, nowMillis);
            }
            return;
        }
        if (result.isError())
        {
            giveBack(command);
            rejectUndecodable(connection, result, nowMillis);
            return;
        }
        if ((decoder.isAdmin() && !user.isAdmin()) ||
            (decoder.actsOnAccount() && !user.mayTrade(decoder.commandAccountId())))
        {
            giveBack(command);
            answer(connection, result, RejectReason.NOT_AUTHORIZED, nowMillis);
            return;
        }
        if (result == DecodeResult.TAKE_SNAPSHOT)
        {
            giveBack(command);
            final SubmitResult requested = engine.requestSnapshot();
            answer(connection, result, requested == SubmitResult.ACCEPTED ? RejectReason.NONE :
                reasonFor(requested), nowMillis);
            return;
        }
        if (claimed != SubmitResult.ACCEPTED)
        {
            answer(connection, result, reasonFor(claimed), nowMillis);
            return;
        }
        claim.commit();
    }

    /** Answers a message that could not be decoded, or ends the session that keeps sending such messages. */
    private void rejectUndecodable(final Connection connection, final DecodeResult result, final long nowMillis)
    {
        if (connection.undecodable(nowMillis, config.maxUndecodablePerWindow(), config.undecodableWindowMillis()))
        {
            connections.disconnect(connection, DisconnectReason.UNDECODABLE, "more than " + config.maxUndecodablePerWindow() +
                " undecodable messages within " + config.undecodableWindowMillis() + " ms", nowMillis);
            return;
        }
        metrics.rejected(RejectReason.MALFORMED);
        connections.sendUnsequenced(connection, reply, 0, encoder.encodeProtocolReject(result, decoder, reply, 0),
            nowMillis);
    }

    /** A claimed slot that will not be committed goes back at once; the answer is made from a copy. */
    private void giveBack(final Command command)
    {
        if (claim.isClaimed())
        {
            refused.copyFrom(command);
            claim.abort();
        }
    }

    /**
     * Answers a command in the gateway, without the engine: a reject with this reason, or for TakeSnapshot the result
     * of the request (reason NONE when the engine took it); in the user's stream, or to the session alone.
     */
    private void answer(
        final Connection connection, final DecodeResult result, final RejectReason reason, final long nowMillis)
    {
        if (reason != RejectReason.NONE)
        {
            metrics.rejected(reason);
        }
        final int length = result == DecodeResult.TAKE_SNAPSHOT ?
            encoder.encodeSnapshotResult(refused.requestId(), reason, reply, 0) :
            encoder.encodeReject(refused, reason, reply, 0);
        if (config.unjournaledAnswersInStream())
        {
            streams.deliver(connection.user().index(), reply, 0, length, nowMillis);
        }
        else
        {
            connections.sendUnsequenced(connection, reply, 0, length, nowMillis);
        }
    }

    private static RejectReason reasonFor(final SubmitResult result)
    {
        return result == SubmitResult.BUSY ? RejectReason.ENGINE_BUSY : RejectReason.ENGINE_HALTED;
    }
}
