package dev.exengine.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A node as an operator runs it: {@code bin/engine server} in a JVM of its own, with this JVM's flags and class path,
 * its output kept (and shown when a test fails), stopped by SIGKILL as a crash would or by SIGTERM as a supervisor
 * would. The test that starts one closes it.
 */
final class ChildNode implements AutoCloseable
{
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final String FINAL_HASH = "stopping: final state hash ";

    private final String name;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildNode(final String name, final Process process)
    {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::readOutput, "child-node-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code bin/engine server} with these arguments and waits until its gateway listens. */
    static ChildNode start(final String name, final String... arguments)
    {
        return start(name, () -> { }, arguments);
    }

    /**
     * As {@link #start(String, String...)}, running {@code meanwhile} while it waits (a test's client keeps its
     * connection alive).
     */
    static ChildNode start(final String name, final Runnable meanwhile, final String... arguments)
    {
        // Nodes side by side: each its own admin port.
        final List<String> server = new ArrayList<>(List.of("server", "--admin-listen=127.0.0.1:0"));
        server.addAll(List.of(arguments));
        return launch(name, "Node: listening on", meanwhile, server.toArray(String[]::new));
    }

    /**
     * Starts {@code bin/engine} with these arguments (the subcommand first) and waits until it writes a line holding
     * {@code ready}.
     */
    static ChildNode launch(final String name, final String ready, final Runnable meanwhile, final String... arguments)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-D"))
            {
                command.add(argument);
            }
        }
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EngineMain.class.getName());
        command.addAll(List.of(arguments));
        final ChildNode node;
        try
        {
            node = new ChildNode(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start a JVM for node " + name, ex);
        }
        node.awaitOutput(line -> line.contains(ready), "'" + ready + "'", meanwhile);
        return node;
    }

    String name()
    {
        return name;
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /** The first line of output that matches, waiting for it. */
    String awaitOutput(final Predicate<String> wanted, final String what)
    {
        return awaitOutput(wanted, what, () -> { });
    }

    private String awaitOutput(final Predicate<String> wanted, final String what, final Runnable meanwhile)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline)
        {
            for (final String line : output)
            {
                if (wanted.test(line))
                {
                    return line;
                }
            }
            if (!process.isAlive() && !reader.isAlive())
            {
                fail("node " + name + " exited (" + process.exitValue() + ") before " + what + ":\n" + log());
            }
            meanwhile.run();
            Thread.yield();
        }
        fail("node " + name + ": no " + what + " within 60 s:\n" + log() + threadDump());
        return null;
    }

    /** SIGKILL, as a crash or a lost machine: nothing of the node runs after this returns. */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            fail("node " + name + " outlived SIGKILL by 60 s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    /**
     * SIGTERM, as a supervisor stops a node: it drains, snapshots and exits 0.
     *
     * @return the final state hash it printed.
     */
    long terminate() throws InterruptedException
    {
        // kill(1) rather than Process.destroy, which closes the pipe this side reads before the node's last words.
        try
        {
            if (new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor() != 0)
            {
                fail("kill -TERM " + process.pid() + " failed");
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run kill(1)", ex);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            final String threads = threadDump();
            process.destroyForcibly();
            fail("node " + name + " did not stop within 60 s of SIGTERM:\n" + log() + threads);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        if (process.exitValue() != 0)
        {
            fail("node " + name + " exited " + process.exitValue() + " after SIGTERM:\n" + log());
        }
        final String line = awaitOutput(text -> text.startsWith(FINAL_HASH), "final state hash");
        return Long.parseUnsignedLong(line.substring(FINAL_HASH.length()).trim(), 16);
    }

    /** What every thread of the node is doing, for the message of a failure that waited in vain. */
    private String threadDump()
    {
        if (!process.isAlive())
        {
            return "";
        }
        try
        {
            final Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            final String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return "\n---- " + name + "'s threads ----\n" + dump;
        }
        catch (final IOException ex)
        {
            return "\n(no thread dump: " + ex + ")";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "\n(no thread dump: interrupted)";
        }
    }

    /** Everything the node wrote, for a failure's message. */
    String log()
    {
        return "---- " + name + " ----\n" + String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException
    {
        if (process.isAlive())
        {
            kill();
        }
    }

    private void readOutput()
    {
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = lines.readLine()) != null)
            {
                output.add(line);
            }
        }
        catch (final IOException ex)
        {
            // The pipe breaks when the process is killed mid-line; what was read before is kept.
            output.add("(output ended: " + ex + ")");
        }
    }
}
