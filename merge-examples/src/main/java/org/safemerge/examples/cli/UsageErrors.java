package org.safemerge.examples.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Reports a command line picocli could not parse: one line saying what is wrong, then either the closest known
 * commands or options ("did you mean") or where the usage is. An unknown option is reported before a missing
 * one, since the unknown one is usually the missing one mistyped; an unknown command before its options.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    /** What picocli's help command says about an unknown command name. */
    private static final Pattern UNKNOWN_SUBCOMMAND = Pattern.compile("Unknown subcommand '(.*)'\\.");

    private final PrintStream err;

    UsageErrors(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String path = command.getCommandSpec().qualifiedName();
        List<String> unmatched = command.getUnmatchedArguments();
        Optional<String> unknownOption = unmatched.stream().filter(a -> a.startsWith("-")).findFirst();
        Matcher unknownSubcommand = UNKNOWN_SUBCOMMAND.matcher(String.valueOf(e.getMessage()));
        String message;
        List<String> suggestions = List.of();
        boolean commandFirst = command.getParent() == null && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-");
        if (commandFirst || unknownSubcommand.matches()) {
            String name = unknownSubcommand.matches() ? unknownSubcommand.group(1) : unmatched.get(0);
            message = "unknown command '" + name + "'";
            suggestions = Suggestions.closest(name, command.getSubcommands().keySet());
        } else if (unknownOption.isPresent()) {
            String name = unknownOption.get().split("=", 2)[0];
            message = "unknown option '" + name + "' for '" + path + "'";
            suggestions = Suggestions.closest(name, optionNames(command));
        } else if (!unmatched.isEmpty()) {
            message = "unexpected argument '" + unmatched.get(0) + "' for '" + path + "'";
        } else {
            String text = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            message = text.isEmpty() ? "bad command line" : Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        err.println("safemerge: error: " + message);
        err.println(suggestions.isEmpty() ? "  see: " + path + " --help"
                : "  did you mean: " + String.join(" or ", suggestions) + "?  (see: " + path + " --help)");
        return ExitCode.BAD_INPUT;
    }

    private static List<String> optionNames(CommandLine command) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (!option.hidden()) {
                names.add(option.longestName());
            }
        }
        return names;
    }
}
