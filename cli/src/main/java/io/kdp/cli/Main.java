package io.kdp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kdp} command: a thin picocli front over the cluster library. */
@Command(name = "kdp", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Kubernetes data-plane emulator: trace Service packets through emulated Linux nodes.",
        subcommands = {TraceCommand.class, ScenariosCommand.class, RenderCommand.class, IptablesCommand.class, NftCommand.class, ReplayCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl.execute(args);
    }
}
