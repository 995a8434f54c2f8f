package org.safemerge.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.hibernate.HibernateMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Lists groups of records whose attribute is equal after trimming, folding case and collapsing spaces. */
@Command(name = "candidates", description = "List duplicate candidates: records whose attribute (default: name or "
        + "title) is equal ignoring case and extra spaces. The lowest id is proposed as survivor.",
        footer = {"  safemerge candidates Partner", "  safemerge candidates Partner --by city --json"})
final class CandidatesCommand implements Callable<Integer> {
    @ParentCommand
    SafeMergeCli cli;

    @Mixin
    CandidateSelection selection;

    @Option(names = "--json", description = "Print the groups as JSON.")
    boolean json;

    /** One group: the proposed survivor and its duplicates. */
    record Group(String key, Long survivor, List<Long> duplicates) {
    }

    @Override
    public Integer call() {
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.VALIDATE)) {
            List<Group> groups = find(factory, selection.entity, selection.by);
            if (json) {
                cli.out.println(ReportPrinter.json(groups));
            } else if (groups.isEmpty()) {
                cli.out.println("No duplicate candidates among " + selection.entity + " records.");
            } else {
                cli.out.println(groups.size() + " candidate group(s) of " + selection.entity + ":");
                for (Group group : groups) {
                    cli.out.printf("  survivor %d <- duplicates %s   \"%s\"%n", group.survivor(), group.duplicates(),
                            group.key());
                }
            }
        }
        return ExitCode.OK;
    }

    static List<Group> find(SessionFactory factory, String entity, String by) {
        EntityType type = HibernateMerge.of(factory).graph().entity(entity).orElseThrow(() -> new MergeException(
                MergeErrorCode.UNKNOWN_ENTITY, "'" + entity + "' is not an entity"));
        String attribute = by != null ? by : type.attributes().stream().map(EntityAttribute::name)
                .filter(n -> n.equals("name") || n.equals("title")).findFirst()
                .orElseThrow(() -> new SafeMergeCli.BadInput(entity + " has no name or title; use --by"));
        EntityAttribute model = type.attribute(attribute).orElseThrow(() -> new MergeException(
                MergeErrorCode.UNKNOWN_ATTRIBUTE, entity + " has no attribute '" + attribute + "'"));
        if (model.kind() != AttributeKind.BASIC) {
            throw new SafeMergeCli.BadInput("--by needs a basic attribute; " + attribute + " is " + model.kind());
        }
        List<Object[]> rows = factory.fromTransaction(s -> s.createSelectionQuery("select e." + type.idAttribute()
                + ", e." + attribute + " from " + entity + " e order by e." + type.idAttribute(), Object[].class)
                .getResultList());
        Map<String, List<Long>> byKey = new LinkedHashMap<>();
        for (Object[] row : rows) {
            if (row[1] != null) {
                String key = row[1].toString().strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(((Number) row[0]).longValue());
            }
        }
        List<Group> groups = new ArrayList<>();
        byKey.forEach((key, ids) -> {
            if (ids.size() > 1) {
                groups.add(new Group(key, ids.get(0), List.copyOf(ids.subList(1, ids.size()))));
            }
        });
        return groups;
    }
}
