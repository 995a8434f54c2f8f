package org.safemerge.hibernate.internal.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.ReferenceKind;

/**
 * One physical reference as the mapping describes it, collected from every attribute that uses the same columns
 * (both sides of a mapped pair) before the catalog is consulted.
 */
final class ReferenceDraft {
    /** Name order: the owning side first, then inverse sides, then the far side of a join table. */
    static final int OWNING = 0;
    static final int INVERSE = 1;
    static final int FAR_SIDE = 2;

    private record Name(String name, int priority, int sequence) {
    }

    final String table;
    final List<String> columns;
    final String key;
    private final List<Name> names = new ArrayList<>();
    final Set<ReferenceFlag> flags = EnumSet.noneOf(ReferenceFlag.class);

    ReferenceKind kind;
    String targetEntity;
    String sourceEntity;
    List<String> rowKeyColumns = List.of();
    boolean mappingNullable;
    boolean unique;
    String orderColumn;
    /** {@code @OnDelete(CASCADE)} in the mapping. */
    boolean mappedOnDeleteCascade;
    /** The table and columns the FK's columns hold (the target's id, or another key); null/empty until known. */
    String targetTable;
    List<String> targetColumns = List.of();
    private boolean defined;
    private boolean authoritative;

    ReferenceDraft(String table, List<String> columns) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.key = InboundReference.keyOf(table, columns);
    }

    /**
     * Sets the structure. The side that owns the columns ({@code authoritative}) wins over an inverse side, whose
     * collection semantics (a Set mapped against a List) do not describe the table.
     */
    ReferenceDraft define(ReferenceKind kind, String targetEntity, String sourceEntity, List<String> rowKeyColumns,
            boolean mappingNullable, boolean unique, boolean authoritative) {
        if (!defined || (authoritative && !this.authoritative)) {
            this.kind = kind;
            this.targetEntity = targetEntity;
            this.sourceEntity = sourceEntity;
            this.rowKeyColumns = List.copyOf(rowKeyColumns);
            this.mappingNullable = mappingNullable;
            this.unique = unique;
            this.defined = true;
            this.authoritative = authoritative;
        }
        return this;
    }

    boolean defined() {
        return defined;
    }

    ReferenceDraft name(String name, int priority) {
        if (names.stream().noneMatch(n -> n.name().equals(name))) {
            names.add(new Name(name, priority, names.size()));
        }
        return this;
    }

    ReferenceDraft ordered(String column) {
        if (column != null) {
            orderColumn = column;
            flags.add(ReferenceFlag.ORDERED);
        }
        return this;
    }

    List<String> names() {
        return names.stream()
                .sorted(Comparator.comparingInt(Name::priority).thenComparingInt(Name::sequence))
                .map(Name::name)
                .toList();
    }
}
