package io.kdp.cli;

import io.kdp.cluster.scenario.BundledScenarios;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kdp scenarios}: the bundled scenarios and what each shows. */
@Command(name = "scenarios", mixinStandardHelpOptions = true, description = "List the bundled scenarios with what each shows.")
public final class ScenariosCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        System.out.print(BundledScenarios.table());
        return 0;
    }
}
