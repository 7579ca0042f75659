package dev.exengine.tool;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the bash (and zsh, via bashcompinit) completion script picocli generates from the command model. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    header = "Prints the bash/zsh completion script.",
    description = {"Prints a bash/zsh completion script for replay-tool.",
        "Use: source <(replay-tool completion), or save it under /etc/bash_completion.d/replay-tool."})
final class CompletionCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().getOut().print(AutoComplete.bash("replay-tool", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
