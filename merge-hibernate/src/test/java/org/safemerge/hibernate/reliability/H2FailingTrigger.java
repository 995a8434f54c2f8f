package org.safemerge.hibernate.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.h2.api.Trigger;

/**
 * H2's failing trigger (H2 triggers are Java classes): the condition is the trigger name's suffix, as written by
 * {@link Faults#failingTrigger}: {@code _ALWAYS}, {@code _ID_7} (the old row's id is 7), {@code _VERSION_CHANGES}.
 */
public final class H2FailingTrigger implements Trigger {
    private Faults.When when;
    private int idColumn = -1;
    private int versionColumn = -1;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
            int type) throws SQLException {
        String upper = triggerName.toUpperCase(Locale.ROOT);
        for (Faults.When w : Faults.When.values()) {
            if (upper.endsWith("_" + w.name())) {
                when = w;
            }
        }
        try (ResultSet rs = conn.getMetaData().getColumns(null, schemaName, tableName, null)) {
            while (rs.next()) {
                String column = rs.getString("COLUMN_NAME");
                int index = rs.getInt("ORDINAL_POSITION") - 1;
                if (column.equalsIgnoreCase("id")) {
                    idColumn = index;
                } else if (column.equalsIgnoreCase("version")) {
                    versionColumn = index;
                }
            }
        }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        boolean fail = switch (when) {
            case ALWAYS -> true;
            case ID_7 -> oldRow != null && Long.valueOf(7).equals(((Number) oldRow[idColumn]).longValue());
            case VERSION_CHANGES -> oldRow != null && newRow != null
                    && !java.util.Objects.equals(oldRow[versionColumn], newRow[versionColumn]);
        };
        if (fail) {
            throw new SQLException("injected trigger failure", "45000");
        }
    }
}
