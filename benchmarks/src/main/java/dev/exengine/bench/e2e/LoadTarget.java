package dev.exengine.bench.e2e;

import java.io.IOException;

/** One connection under load: sends message {@code k} and reports the answers to its {@link StepRecorder}. */
interface LoadTarget extends AutoCloseable
{
    StepRecorder recorder();

    /** Sends message {@code k} of the current step's schedule. */
    void send(long message) throws IOException;

    /** Reads what arrived and reports it; returns how much it did (0 when nothing arrived). */
    int poll() throws IOException;

    /** Prepares for a new step: message numbers restart at 0. */
    void begin(Schedule schedule);

    @Override
    void close();
}
