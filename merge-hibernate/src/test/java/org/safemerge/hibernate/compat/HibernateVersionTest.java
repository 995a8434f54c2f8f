package org.safemerge.hibernate.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.hibernate.Version;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.safemerge.hibernate.internal.compat.HibernateSupport;

/**
 * Names the Hibernate ORM version the suite actually runs on, in the test's own name (so every report of the
 * Hibernate range says it), and checks it is the one the build meant: each range execution of the surefire plugin
 * sets {@value #EXPECTED} to the version it put on the class path.
 */
class HibernateVersionTest {
    /** System property: the Hibernate ORM version this test run must find. */
    static final String EXPECTED = "safemerge.expected.hibernate.version";

    @TestFactory
    Stream<DynamicTest> runsOnTheExpectedHibernate() {
        String version = Version.getVersionString();
        return Stream.of(DynamicTest.dynamicTest("runs on Hibernate ORM " + version + " (SafeMerge adapter "
                + HibernateSupport.compat().generation() + ")", () -> {
                    String expected = System.getProperty(EXPECTED);
                    if (expected != null && !expected.isBlank()) {
                        assertThat(version).as("the Hibernate ORM on the class path").isEqualTo(expected);
                    }
                    assertThat(HibernateSupport.version()).isEqualTo(version);
                    String[] parts = version.split("\\.");
                    String line = parts[0] + "." + parts[1];
                    String generation = HibernateSupport.compat().generation();
                    assertThat(generation).as("the adapter chosen for %s", version)
                            .isEqualTo(line.equals("6.6") || line.equals("7.0") || line.equals("7.1") ? line : "7.2+");
                }));
    }
}
