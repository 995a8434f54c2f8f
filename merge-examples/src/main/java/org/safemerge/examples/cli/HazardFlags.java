package org.safemerge.examples.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardOption;
import org.safemerge.report.MergeReport;

/**
 * A hazard's options as this CLI's own flags ({@code --on-conflict PartnerProfile.partner=KEEP_A}), so that a
 * blocked plan says what to add to the command line. Options no flag can express (a tombstone marker, a mapping
 * change) keep their text, labelled as such.
 */
final class HazardFlags {
    /** How {@link MergeReport#toText()} starts an option line. */
    private static final String OPTION_LINE = "        option: ";
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_.,:=@%+/-]+");

    private HazardFlags() {
    }

    /** The flags that choose {@code option}, e.g. {@code --field tasks=union}. */
    static String flags(HazardOption option) {
        return switch (option.kind()) {
            case FIELD -> "--field " + quote(option.subject() + "=" + option.value());
            case ALLOW_DELETE -> "--allow-delete " + quote(option.subject());
            case UNASSIGN -> "--unassign " + quote(option.subject());
            case ON_CONFLICT -> "--on-conflict " + quote(option.subject() + "=" + conflictFlag(option.value()));
            case SELF_REFERENCES -> "--self-references " + quote(option.value());
        };
    }

    /**
     * Whether the CLI has flags for the option: conflict resolutions are the ConflictPolicy constants and
     * {@code mergeRows()}; {@code keepBoth()...} needs a column and a value only the Java API takes.
     */
    static boolean expressible(HazardOption option) {
        return option.kind() != HazardOption.Kind.ON_CONFLICT || option.value().matches("[A-Z_]+")
                || option.value().equals("mergeRows()");
    }

    /** The --on-conflict value of a resolution: the constant itself, MERGE_ROWS for {@code mergeRows()}. */
    private static String conflictFlag(String resolution) {
        return resolution.equals("mergeRows()") ? "MERGE_ROWS" : resolution;
    }

    /** Each option of the hazard as flags with what they do, or as its text when no flag expresses it. */
    static List<String> options(Hazard hazard) {
        Map<String, HazardOption> choices = new HashMap<>();
        hazard.choices().stream().filter(HazardFlags::expressible).forEach(choice -> choices.put(choice.toJava(),
                choice));
        List<String> options = new ArrayList<>();
        for (String option : hazard.options()) {
            options.add(Optional.ofNullable(choices.get(option)).map(HazardFlags::describe)
                    .orElseGet(() -> (option.startsWith(".") ? "(Java API only, no CLI flag) " : "(no CLI flag) ")
                            + option));
        }
        return options;
    }

    /** The report as text, each option line showing the flags instead of the builder call. */
    static String text(MergeReport report) {
        Map<String, String> cli = new HashMap<>();
        for (Hazard hazard : report.hazards()) {
            List<String> rendered = options(hazard);
            for (int i = 0; i < rendered.size(); i++) {
                cli.put(hazard.options().get(i), rendered.get(i));
            }
        }
        StringBuilder out = new StringBuilder();
        report.toText().lines().forEach(line -> {
            String option = line.startsWith(OPTION_LINE) ? cli.get(line.substring(OPTION_LINE.length())) : null;
            out.append(option != null ? OPTION_LINE + option
                    : line.startsWith("BLOCKED: ") ? line.replace(" before execute()", "; add one option of each to "
                            + "the command") : line).append('\n');
        });
        return out.toString();
    }

    /** Per blocking hazard (for --json): kind, subject, the options as flags, and the options no flag expresses. */
    static List<Map<String, Object>> blocking(MergeReport report) {
        List<Map<String, Object>> blocking = new ArrayList<>();
        for (Hazard hazard : report.blockingHazards()) {
            List<HazardOption> expressible = hazard.choices().stream().filter(HazardFlags::expressible).toList();
            List<String> expressed = expressible.stream().map(HazardOption::toJava).toList();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", hazard.kind());
            entry.put("subject", hazard.subject());
            entry.put("flags", expressible.stream().map(HazardFlags::flags).toList());
            entry.put("otherOptions", hazard.options().stream().filter(o -> !expressed.contains(o)).toList());
            blocking.add(entry);
        }
        return blocking;
    }

    private static String describe(HazardOption option) {
        return option.effect() == null ? flags(option) : flags(option) + "   # " + option.effect();
    }

    /** Values go back to a POSIX shell as they are printed; names like {@code pr_note(partner_id)} need quotes. */
    private static String quote(String value) {
        return SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
