package dev.exengine.pipeline;

/**
 * Where the pipeline reports what went wrong; never silent.
 */
interface Failures
{
    /** Something failed but the engine goes on. */
    void onFailure(String what, Throwable cause);

    /** The engine can no longer guarantee its state or durability: stop taking commands. */
    void onHalt(String what, Throwable cause);
}
