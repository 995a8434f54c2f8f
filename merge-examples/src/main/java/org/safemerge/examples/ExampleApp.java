package org.safemerge.examples;

import java.io.PrintStream;

/** The README's main job. Placeholder until the example application lands (issue: runnable example). */
public final class ExampleApp {
    private ExampleApp() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        out.println("SafeMerge example: the example application is not built yet; see CHANGELOG.md for progress.");
    }
}
