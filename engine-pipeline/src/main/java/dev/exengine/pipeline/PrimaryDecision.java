package dev.exengine.pipeline;

/**
 * What a standby's primary decided about a record it replicates ({@link Engine#offerReplicated}).
 */
public enum PrimaryDecision
{
    /** The primary applied it: the standby applies it too. */
    APPLIED,
    /** The primary left it out (a SKIP_COMMAND record names it): the standby reports the same reject. */
    LEFT_OUT,
    /** The primary had not decided it when this standby was promoted: the standby, primary now, decides. */
    UNDECIDED
}
