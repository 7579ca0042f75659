package dev.exengine.server;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What packaging/ ships, checked with the tools there are here: the sample production configuration passes
 * check-config; the systemd unit parses, says what the server's exit codes and stop signal are, and passes
 * {@code systemd-analyze verify} where systemd is installed; its readiness check waits for a port.
 */
class PackagingTest
{
    private static final Path PACKAGING = Path.of("..", "packaging").toAbsolutePath().normalize();
    private static final long PROCESS_DEADLINE_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void shouldPassCheckConfigWithTheSampleProductionConfiguration()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine engine = EngineMain.commandLine();
        engine.setOut(new PrintWriter(out));
        engine.setErr(new PrintWriter(err, true));

        // Its data directory and logging file are where the unit installs them; here they are the repository's.
        final int exitCode = engine.execute("check-config", "--config", PACKAGING.resolve("engine.properties").toString(),
            "--data", dir.resolve("data").toString(), "--logging-config",
            PACKAGING.resolve("logging.properties").toString());

        assertEquals(0, exitCode, err::toString);
        final Properties overrides = new Properties();
        overrides.setProperty("logging.config", PACKAGING.resolve("logging.properties").toString());
        final ServerSettings settings =
            ServerSettings.load(PACKAGING.resolve("engine.properties"), overrides).validate();
        assertEquals(Set.of("ops", "desk1"), Set.copyOf(settings.gatewayConfig().users().users().stream()
            .map(user -> user.name()).toList()), "no demo user in production");
        assertEquals("FSYNC", settings.engineConfig().durabilityMode().name());
    }

    @Test
    void shouldStopTheServerAsItsExitCodesSay() throws IOException
    {
        final Map<String, Map<String, String>> unit = parseUnit(PACKAGING.resolve("exengine.service"));

        final Map<String, String> service = unit.get("Service");
        assertTrue(unit.containsKey("Unit") && unit.containsKey("Install"), unit::toString);
        assertEquals("/opt/exengine/bin/engine server --config /etc/exengine/engine.properties",
            service.get("ExecStart"));
        assertEquals("SIGTERM", service.get("KillSignal"), "the server drains and exits 0 on SIGTERM");
        assertEquals("129", service.get("SuccessExitStatus"), "SIGHUP drains too, and exits 129");
        assertEquals("2", service.get("RestartPreventExitStatus"), "a configuration mistake is not retried");
        assertEquals("on-failure", service.get("Restart"));
        assertTrue(service.get("ExecStartPost").endsWith("exengine-await-ready 900 /opt/exengine/bin/engine health " +
            "--config /etc/exengine/engine.properties"), "started once bin/engine health says ready");
        final String exitCodes = String.join("\n", EngineMain.class.getAnnotation(CommandLine.Command.class)
            .exitCodeList());
        assertTrue(exitCodes.contains("2:usage or configuration error") && exitCodes.contains("129:"), exitCodes);
        assertTrue(Files.readString(PACKAGING.resolve("engine.properties")).contains("listen = 0.0.0.0:9400"));
    }

    @Test
    void shouldPassSystemdAnalyzeVerify() throws IOException, InterruptedException
    {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
            "systemd-analyze is not installed here");
        // The unit names the installed paths; here the repository stands in for /opt/exengine.
        final Path unit = dir.resolve("exengine.service");
        Files.writeString(unit, Files.readString(PACKAGING.resolve("exengine.service"))
            .replace("/opt/exengine", PACKAGING.getParent().toString()));

        final List<String> output = run("systemd-analyze", "verify", "--man=no", unit.toString());

        assertEquals(List.of("0"), output, "exit code 0 and no warning");
    }

    @Test
    void shouldWaitForTheReadinessCheckAndGiveUpAfterItsTime() throws IOException, InterruptedException
    {
        final String script = PACKAGING.resolve("exengine-await-ready").toString();
        assertEquals(List.of("0"), run(script, "60", "true"));
        final Path marker = dir.resolve("ready");
        // Ready at the second try: the check passes once a file it makes exists.
        assertEquals(List.of("0"), run(script, "60", "bash", "-c", "[[ -e " + marker + " ]] || { touch " + marker +
            "; exit 1; }"));
        final List<String> output = run(script, "1", "bash", "-c", "echo not ready: recovering; exit 1");
        assertEquals(List.of("exengine-await-ready: not ready after the time given: not ready: recovering", "1"),
            output);
        assertEquals("2", run(script, "soon", "true").get(1), "usage");
    }

    /** @return the output's lines, then the exit code. */
    private static List<String> run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<String> lines = new ArrayList<>(
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        assertTrue(process.waitFor(PROCESS_DEADLINE_SECONDS, TimeUnit.SECONDS), String.join(" ", command));
        lines.add(Integer.toString(process.exitValue()));
        return lines;
    }

    /** A unit file's sections and keys, as systemd reads them: comments and blank lines left out, a key's last value. */
    private static Map<String, Map<String, String>> parseUnit(final Path file) throws IOException
    {
        final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> section = null;
        for (final String raw : Files.readAllLines(file))
        {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";"))
            {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]"))
            {
                section = sections.computeIfAbsent(line.substring(1, line.length() - 1), name -> new LinkedHashMap<>());
                continue;
            }
            final int equals = line.indexOf('=');
            assertTrue(section != null && equals > 0, "not a unit line: " + line);
            section.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
        }
        return sections;
    }
}
