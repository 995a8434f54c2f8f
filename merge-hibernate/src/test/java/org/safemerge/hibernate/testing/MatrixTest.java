package org.safemerge.hibernate.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test method once per database of the matrix (H2, PostgreSQL, MariaDB); the database shows in
 * the display name ({@code [PostgreSQL]}). The method takes a {@link TestDatabase} parameter: an isolated schema
 * that lives as long as the test class and is dropped afterwards.
 *
 * <p>Databases other than H2 are found, in order, through an explicit JDBC URL
 * ({@code SAFEMERGE_TEST_POSTGRESQL_URL} / {@code -Dsafemerge.test.postgresql.url}, with {@code _USER} /
 * {@code _PASSWORD}), the local service at its default address, or Testcontainers when a Docker engine runs.
 * Otherwise the invocation is skipped with a reason, unless the database is named in
 * {@code SAFEMERGE_REQUIRE_DATABASES} (comma-separated, e.g. {@code postgresql,mariadb}), which makes it fail.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(DatabaseMatrixExtension.class)
public @interface MatrixTest {
    /** Restricts the matrix; empty means every database. */
    Database[] only() default {};
}
