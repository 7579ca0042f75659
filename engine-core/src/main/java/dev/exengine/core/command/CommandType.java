package dev.exengine.core.command;

/**
 * Every command the business-logic processor understands. The code is the byte written to the journal and
 * must never be reused for another meaning.
 */
public enum CommandType
{
    ADD_ASSET(1, true),
    OPEN_ACCOUNT(2, true),
    DEPOSIT(3, true),
    WITHDRAW(4, true),
    SUSPEND_ACCOUNT(5, true),
    RESUME_ACCOUNT(6, true),
    ADD_INSTRUMENT(7, true),
    HALT_INSTRUMENT(8, true),
    RESUME_INSTRUMENT(9, true),
    NEW_ORDER(10, false),
    CANCEL_ORDER(11, false),
    REPLACE_ORDER(12, false),
    MASS_CANCEL(13, false),
    TRANSFER(14, false),
    /**
     * Journaled by the engine, never sent by a client: the command at {@link Command#skippedSequence()} threw inside
     * the business logic and is left out of the state; every replay leaves it out too. Changes nothing itself.
     */
    SKIP_COMMAND(18, true),
    /**
     * Journaled by the engine when a node becomes primary (a promotion): the commands after it belong to
     * {@link Command#epoch()}, so that two histories of one journal can always be told apart. Changes nothing itself.
     */
    START_EPOCH(19, true),
    QUERY_BALANCES(20, false),
    QUERY_OPEN_ORDERS(21, false),
    QUERY_DEPTH(22, false);

    private static final CommandType[] BY_CODE = new CommandType[32];

    static
    {
        for (final CommandType type : values())
        {
            BY_CODE[type.code] = type;
        }
    }

    private final byte code;
    private final boolean admin;

    CommandType(final int code, final boolean admin)
    {
        this.code = (byte)code;
        this.admin = admin;
    }

    public byte code()
    {
        return code;
    }

    /**
     * @return true for commands only an operator may send (assets, accounts, cash movements, instrument state).
     */
    public boolean isAdmin()
    {
        return admin;
    }

    /**
     * @return true for the records the engine journals about the journal itself (SKIP_COMMAND, START_EPOCH): they
     * change no state and produce no event.
     */
    public boolean isControl()
    {
        return this == SKIP_COMMAND || this == START_EPOCH;
    }

    /**
     * @return true for read-only queries: answered from the state, never journaled, never change anything.
     */
    public boolean isQuery()
    {
        return code >= 20;
    }

    /**
     * @return the type for a code, or null when the code is unknown (a newer journal or a corrupt record).
     */
    public static CommandType fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
