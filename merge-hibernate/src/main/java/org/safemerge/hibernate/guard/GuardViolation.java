package org.safemerge.hibernate.guard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One change a {@link DeleteGuard} did not allow: a row deleted, or a foreign key set to NULL. Immutable.
 *
 * @param kind what happened
 * @param table the table of the row
 * @param owner the entity names mapped to {@code table} ({@code Tag}; {@code Vehicle/Car} for a shared table), or
 *              the table itself for a table only the database catalog knows
 * @param keyColumns the columns that identify the row (the id, or the table's primary key)
 * @param key the row's values of {@code keyColumns}
 * @param reference for {@link Kind#NULLED}: the reference's display name ({@code Task.event}), else null
 * @param columns for {@link Kind#NULLED}: the FK columns, else empty
 * @param before for {@link Kind#NULLED}: the FK's value before, else empty
 */
public record GuardViolation(Kind kind, String table, String owner, List<String> keyColumns, List<Object> key,
        String reference, List<String> columns, List<Object> before) {
    /** What the guarded code did. */
    public enum Kind {
        /** Deleted a row it was not allowed to delete. */
        DELETED,
        /** Set a foreign key to NULL that it was not allowed to null. */
        NULLED
    }

    public GuardViolation {
        Objects.requireNonNull(kind, "kind");
        keyColumns = List.copyOf(keyColumns);
        key = Collections.unmodifiableList(new ArrayList<>(key));
        columns = List.copyOf(columns);
        before = Collections.unmodifiableList(new ArrayList<>(before));
    }

    /** {@code Tag#2 deleted (ws_tag id = 2)}, {@code Task#101: Task.event set to NULL, was 11 (ws_task.event_id)}. */
    @Override
    public String toString() {
        String id = key.size() == 1 ? String.valueOf(key.get(0)) : key.toString();
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < keyColumns.size(); i++) {
            where.append(i == 0 ? "" : " and ").append(keyColumns.get(i)).append(" = ").append(key.get(i));
        }
        if (kind == Kind.DELETED) {
            return owner + "#" + id + " deleted (" + table + " " + where + ")";
        }
        return owner + "#" + id + ": " + reference + " set to NULL, was "
                + (before.size() == 1 ? String.valueOf(before.get(0)) : before.toString()) + " (" + table + "."
                + String.join(", ", columns) + ")";
    }
}
