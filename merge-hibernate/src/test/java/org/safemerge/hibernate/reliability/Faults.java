package org.safemerge.hibernate.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;

/** The faults the suite injects: listener failures, connections killed from outside, failing triggers. */
final class Faults {
    private Faults() {
    }

    /** What a failing listener throws. */
    enum Throwing {
        RUNTIME_EXCEPTION, ERROR;

        Throwable create(AuditEvent event, int n) {
            String message = "injected failure on event " + n + " (" + Trail.name(event) + ")";
            return this == ERROR ? new InjectedError(message) : new InjectedFailure(message);
        }
    }

    /** A listener bug that is an Error (not a VirtualMachineError). */
    static final class InjectedError extends Error {
        InjectedError(String message) {
            super(message);
        }
    }

    static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }

    /** A listener that throws on its {@code n}-th event (1-based) and on no other. */
    static AuditListener failingOn(int n, Throwing kind) {
        int[] seen = {0};
        return event -> {
            if (++seen[0] == n) {
                Throwable t = kind.create(event, n);
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }
        };
    }

    /**
     * A listener that, on its {@code n}-th event, kills from another connection every connection of the victim
     * factory (see {@link Accounts#victimFactory}); the merge's is among them. Counts the connections it killed.
     */
    static AuditListener killingOn(int n, TestDatabase db, int[] killed) {
        int[] seen = {0};
        return event -> {
            if (++seen[0] == n) {
                killed[0] += killVictims(db);
            }
        };
    }

    /** Kills the victim factory's connections: pg_terminate_backend, MariaDB's KILL, H2's ABORT_SESSION. */
    static int killVictims(TestDatabase db) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            List<Long> ids = new ArrayList<>();
            String find = switch (db.database()) {
                case POSTGRESQL -> "select pid from pg_stat_activity where application_name = '"
                        + Accounts.victimName(db) + "' and pid <> pg_backend_pid()";
                case MARIADB -> "select id from information_schema.processlist where db = '" + db.schema()
                        + "' and id <> connection_id()";
                case H2 -> "select session_id from information_schema.sessions where session_id <> session_id()";
            };
            try (ResultSet rs = s.executeQuery(find)) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                switch (db.database()) {
                    // waits (up to 10 s) until the backend is gone
                    case POSTGRESQL -> s.executeQuery("select pg_terminate_backend(" + id + ", 10000)").close();
                    case MARIADB -> s.execute("kill connection " + id);
                    case H2 -> s.executeQuery("select abort_session(" + id + ")").close();
                }
            }
            return ids.size();
        } catch (SQLException e) {
            throw new IllegalStateException("could not kill the merge's connection on " + db + ": " + e.getMessage(),
                    e);
        }
    }

    /** When a failing trigger fires. */
    enum When {
        ALWAYS, ID_7, VERSION_CHANGES
    }

    /** Installs a trigger named {@code name} that fails {@code event} ("delete" or "update") on {@code table}. */
    static void failingTrigger(TestDatabase db, String name, String table, String event, When when) {
        String message = "injected trigger failure";
        switch (db.database()) {
            case POSTGRESQL -> {
                db.execute("create or replace function rl_fail() returns trigger language plpgsql as "
                        + "$$ begin raise exception '" + message + " on %', tg_table_name; end $$");
                String condition = switch (when) {
                    case ALWAYS -> "";
                    case ID_7 -> " when (old.id = 7)";
                    case VERSION_CHANGES -> " when (old.version is distinct from new.version)";
                };
                db.execute("create trigger " + name + " before " + event + " on " + table + " for each row"
                        + condition + " execute function rl_fail()");
            }
            case MARIADB -> {
                String condition = switch (when) {
                    case ALWAYS -> "true";
                    case ID_7 -> "old.id = 7";
                    case VERSION_CHANGES -> "not (old.version <=> new.version)";
                };
                db.execute("create trigger " + name + " before " + event + " on " + table + " for each row begin "
                        + "if " + condition + " then signal sqlstate '45000' set message_text = '" + message
                        + "'; end if; end");
            }
            case H2 -> db.execute("create trigger " + name + "_" + when + " before " + event + " on " + table
                    + " for each row call '" + H2FailingTrigger.class.getName() + "'");
        }
    }

    static void dropTrigger(TestDatabase db, String name, String table, When when) {
        switch (db.database()) {
            case POSTGRESQL -> db.execute("drop trigger if exists " + name + " on " + table);
            case MARIADB -> db.execute("drop trigger if exists " + name);
            case H2 -> db.execute("drop trigger if exists " + name + "_" + when);
        }
    }
}
