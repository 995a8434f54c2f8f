package org.safemerge.hibernate.testing;

import java.util.Locale;

/** The databases of the test matrix. */
public enum Database {
    H2("H2", null),
    POSTGRESQL("PostgreSQL", "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"),
    MARIADB("MariaDB", "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");

    private final String displayName;
    private final String localStartCommand;

    Database(String displayName, String localStartCommand) {
        this.displayName = displayName;
        this.localStartCommand = localStartCommand;
    }

    public String displayName() {
        return displayName;
    }

    /** Lower-case key used in environment variables, system properties and SAFEMERGE_REQUIRE_DATABASES. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Upper-case key used in environment variable names, e.g. {@code SAFEMERGE_TEST_POSTGRESQL_URL}. */
    String envKey() {
        return name();
    }

    String localStartCommand() {
        return localStartCommand;
    }

    public boolean embedded() {
        return this == H2;
    }
}
