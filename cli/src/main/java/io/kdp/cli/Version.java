package io.kdp.cli;

import picocli.CommandLine;

/** The version {@code kdp --version} prints. */
public final class Version implements CommandLine.IVersionProvider {
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {"kdp " + VERSION};
    }
}
