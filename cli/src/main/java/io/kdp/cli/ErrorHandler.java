package io.kdp.cli;

import io.kdp.cluster.scenario.ScenarioException;
import picocli.CommandLine;

/**
 * Turns errors into one clear line on stderr and exit code 2 for bad input (the message names the
 * file, line and field), 1 otherwise; never a stack trace unless KDP_DEBUG is set.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (System.getenv("KDP_DEBUG") != null) ex.printStackTrace();
        boolean input = ex instanceof ScenarioException || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException;
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cl.getErr().println("kdp: " + msg);
        return input ? 2 : 1;
    }
}
