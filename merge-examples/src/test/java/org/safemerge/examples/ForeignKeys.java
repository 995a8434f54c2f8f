package org.safemerge.examples;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.TestDatabase;

/** Drops FK constraints the way a replication load does (for speed), whatever names Hibernate gave them. */
public final class ForeignKeys {
    private ForeignKeys() {
    }

    /** Drops every FK constraint that points at the table; returns {@code table.constraint} of each. */
    public static List<String> dropAllPointingAt(TestDatabase db, String table) {
        Set<List<String>> keys = new LinkedHashSet<>();
        try (Connection c = db.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            String stored = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
            try (ResultSet rs = meta.getExportedKeys(c.getCatalog(), c.getSchema(), stored)) {
                while (rs.next()) {
                    keys.add(List.of(rs.getString("FKTABLE_NAME"), rs.getString("FK_NAME")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<String> dropped = new ArrayList<>();
        String drop = db.database() == Database.MARIADB ? " drop foreign key " : " drop constraint ";
        for (List<String> key : keys) {
            db.execute("alter table " + db.quote(key.get(0)) + drop + db.quote(key.get(1)));
            dropped.add(key.get(0) + "." + key.get(1));
        }
        return dropped;
    }
}
