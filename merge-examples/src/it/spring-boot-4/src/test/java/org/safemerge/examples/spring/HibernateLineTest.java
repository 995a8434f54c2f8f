package org.safemerge.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.hibernate.Version;
import org.junit.jupiter.api.Test;

/**
 * The example runs on the Hibernate ORM its Spring Boot manages; the Spring Boot 3.5 build (../spring-boot-3, the
 * same sources) sets {@code safemerge.expected.hibernate.line=6.6} so that it proves SafeMerge on Hibernate 6.6.
 */
class HibernateLineTest {
    @Test
    void runsOnTheHibernateLineSpringBootManages() {
        String expected = System.getProperty("safemerge.expected.hibernate.line");
        String version = Version.getVersionString();
        System.out.println("Hibernate ORM " + version);
        if (expected != null) {
            assertThat(version).startsWith(expected + ".");
        }
    }
}
