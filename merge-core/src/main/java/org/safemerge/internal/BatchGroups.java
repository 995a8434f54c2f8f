package org.safemerge.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.report.MergeGroup;

/**
 * Turns the merges a batch was given (pairs and groups, in any order) into disjoint groups: chains are followed to
 * their end (C into B and B into A: B and C into A), and a mapping that cannot mean one thing is refused with the
 * ids named: a record merged into itself, a duplicate given two survivors, a cycle.
 */
public final class BatchGroups {
    private BatchGroups() {
    }

    /**
     * @param entityName for messages
     * @param declared the groups as given, in order; each survivor with its duplicates
     * @return one group per final survivor, in the order each survivor first appears; duplicates in the order they
     *         were first given
     */
    public static List<MergeGroup> resolve(String entityName, List<MergeGroup> declared) {
        Map<Object, Object> survivorOf = new LinkedHashMap<>();
        for (MergeGroup group : declared) {
            for (Object duplicate : group.duplicateIds()) {
                if (duplicate == null) {
                    throw new MergeException(MergeErrorCode.NULL_ID, "a duplicate of the " + entityName + " merge "
                            + "into " + group.survivorId() + " is null");
                }
                if (duplicate.equals(group.survivorId())) {
                    throw new MergeException(MergeErrorCode.SURVIVOR_IS_DUPLICATE, entityName + " " + duplicate
                            + " is merged into itself; a record cannot be both survivor and duplicate of one merge");
                }
                Object earlier = survivorOf.putIfAbsent(duplicate, group.survivorId());
                if (earlier != null && !earlier.equals(group.survivorId())) {
                    throw new MergeException(MergeErrorCode.DUPLICATE_OF_TWO_SURVIVORS, entityName + " " + duplicate
                            + " is merged into " + earlier + " and into " + group.survivorId() + "; give it one "
                            + "survivor (to merge " + earlier + " and " + group.survivorId() + " as well, merge one "
                            + "into the other)");
                }
            }
        }
        Map<Object, Object> finalSurvivor = new LinkedHashMap<>();
        for (Object duplicate : survivorOf.keySet()) {
            finalSurvivor.put(duplicate, follow(entityName, duplicate, survivorOf));
        }
        Map<Object, List<Object>> duplicatesBySurvivor = new LinkedHashMap<>();
        for (MergeGroup group : declared) {
            // survivors in order of first appearance, so the groups keep the caller's order
            Object survivor = survivorOf.containsKey(group.survivorId()) ? finalSurvivor.get(group.survivorId())
                    : group.survivorId();
            duplicatesBySurvivor.computeIfAbsent(survivor, s -> new ArrayList<>());
        }
        finalSurvivor.forEach((duplicate, survivor) -> duplicatesBySurvivor.get(survivor).add(duplicate));
        List<MergeGroup> groups = new ArrayList<>();
        duplicatesBySurvivor.forEach((survivor, duplicates) -> {
            if (!duplicates.isEmpty()) {
                groups.add(new MergeGroup(survivor, duplicates));
            }
        });
        return groups;
    }

    private static Object follow(String entityName, Object start, Map<Object, Object> survivorOf) {
        List<Object> path = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        Object current = start;
        while (survivorOf.containsKey(current)) {
            if (!seen.add(current)) {
                List<Object> cycle = path.subList(path.indexOf(current), path.size());
                throw new MergeException(MergeErrorCode.MERGE_CYCLE, "the " + entityName + " merges form a cycle: "
                        + cycle.stream().map(String::valueOf).collect(Collectors.joining(" -> ")) + " -> " + current
                        + "; every chain must end at a survivor that is not merged into anything");
            }
            path.add(current);
            current = survivorOf.get(current);
        }
        return current;
    }
}
