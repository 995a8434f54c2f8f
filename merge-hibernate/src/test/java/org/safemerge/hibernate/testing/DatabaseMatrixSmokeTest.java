package org.safemerge.hibernate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.SessionFactory;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/** Proves the matrix is real: each database boots Hibernate with its own dialect and round-trips a row. */
class DatabaseMatrixSmokeTest {

    @Entity(name = "SmokeNote")
    static class SmokeNote {
        @Id
        Long id;
        String text;

        SmokeNote() {
        }

        SmokeNote(Long id, String text) {
            this.id = id;
            this.text = text;
        }
    }

    @MatrixTest
    void bootsHibernate_writesAndReadsARow_withTheDatabasesOwnDialect(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(SmokeNote.class);

        factory.inTransaction(session -> session.persist(new SmokeNote(1L, "hello " + db.database().displayName())));

        String text = factory.fromTransaction(session -> session.find(SmokeNote.class, 1L).text);
        assertThat(text).isEqualTo("hello " + db.database().displayName());
        assertThat(db.queryLong("select count(*) from SmokeNote")).isEqualTo(1);

        Dialect dialect = factory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
        Class<? extends Dialect> expected = switch (db.database()) {
            case H2 -> H2Dialect.class;
            case POSTGRESQL -> PostgreSQLDialect.class;
            case MARIADB -> MariaDBDialect.class;
        };
        assertThat(dialect).isInstanceOf(expected);
    }

    @MatrixTest
    void eachTestClassGetsItsOwnEmptySchema(TestDatabase db) throws Exception {
        assertThat(db.schema()).startsWith(DatabaseServer.SCHEMA_PREFIX);
        try (var connection = db.connect();
             var tables = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(),
                     "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                assertThat(tables.getString("TABLE_NAME")).as("tables in a fresh schema")
                        .isEqualToIgnoringCase("SmokeNote");
            }
        }
    }
}
