package dev.exengine.pipeline;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the engine logs at WARNING and above while it is open, for tests of what an operator is told. */
final class EngineWarnings extends Handler implements AutoCloseable
{
    private final Logger logger = Logger.getLogger(Engine.class.getName());
    private final List<String> messages = new CopyOnWriteArrayList<>();

    EngineWarnings()
    {
        setLevel(Level.WARNING);
        logger.addHandler(this);
    }

    @Override
    public void publish(final LogRecord record)
    {
        if (isLoggable(record))
        {
            messages.add(record.getMessage());
        }
    }

    /** The one message containing {@code text}; fails unless exactly one does. */
    String about(final String text)
    {
        final List<String> matching = messages.stream().filter(message -> message.contains(text)).toList();
        if (matching.size() != 1)
        {
            throw new AssertionError("expected one warning about '" + text + "', found " + messages);
        }
        return matching.get(0);
    }

    @Override
    public void flush()
    {
    }

    @Override
    public void close()
    {
        logger.removeHandler(this);
    }
}
