package org.safemerge.examples.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.hibernate.internal.graph.GraphBuilder;

/**
 * How long building the association graph takes for a 100-entity model: generates 100 dynamic-map entities (no
 * Java classes) with two many-to-ones and one many-to-many each (300 associations) on embedded H2, then times the
 * uncached graph build (mapping model plus JDBC catalog) after a warm-up and prints the median. A benchmark, not a
 * test: run it with {@code ./mvnw -q -pl merge-core,merge-hibernate -am install -DskipTests} and then
 * {@code ./mvnw -q -pl merge-examples compile exec:java
 * -Dexec.mainClass=org.safemerge.examples.bench.GraphBuildBenchmark}.
 */
public final class GraphBuildBenchmark {
    private static final int ENTITIES = 100;
    private static final int WARM_UP = 10;
    private static final int RUNS = 25;

    private GraphBuildBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        try (SessionFactory factory = factory()) {
            AssociationGraph graph = null;
            for (int i = 0; i < WARM_UP; i++) {
                graph = GraphBuilder.build(factory);
            }
            List<Long> nanos = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                graph = GraphBuilder.build(factory);
                nanos.add(System.nanoTime() - start);
            }
            Collections.sort(nanos);
            System.out.printf(Locale.ROOT, "association graph of %d entity types, %d references (H2, %d runs after "
                            + "%d warm-up): median %.1f ms, min %.1f ms, max %.1f ms%n",
                    graph.entities().size(), graph.references().size(), RUNS, WARM_UP,
                    millis(nanos.get(RUNS / 2)), millis(nanos.get(0)), millis(nanos.get(RUNS - 1)));
        }
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static SessionFactory factory() {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_JDBC_URL, "jdbc:h2:mem:graph-bench;DB_CLOSE_DELAY=-1")
                .applySetting(AvailableSettings.JAKARTA_JDBC_USER, "sa")
                .applySetting(AvailableSettings.JAKARTA_JDBC_PASSWORD, "")
                .applySetting(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "create")
                // hbm.xml is the shortest way to dynamic-map entities; Hibernate 7 reads it through its transformer
                .applySetting(AvailableSettings.TRANSFORM_HBM_XML, true)
                .build();
        MetadataSources sources = new MetadataSources(registry);
        sources.addInputStream(new ByteArrayInputStream(mapping().getBytes(StandardCharsets.UTF_8)));
        return sources.buildMetadata().buildSessionFactory();
    }

    /** hbm.xml for E000..E099: each points at two others (many-to-one) and links to a third (many-to-many). */
    private static String mapping() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<hibernate-mapping>\n");
        for (int i = 0; i < ENTITIES; i++) {
            String name = entity(i);
            String table = name.toLowerCase(Locale.ROOT);
            xml.append("  <class entity-name=\"").append(name).append("\" table=\"").append(table).append("\">\n")
                    .append("    <id name=\"id\" type=\"long\" column=\"id\"/>\n")
                    .append("    <property name=\"label\" type=\"string\"/>\n")
                    .append("    <many-to-one name=\"parent\" entity-name=\"").append(entity((i + 1) % ENTITIES))
                    .append("\" column=\"parent_id\"/>\n")
                    .append("    <many-to-one name=\"owner\" entity-name=\"").append(entity((i + 7) % ENTITIES))
                    .append("\" column=\"owner_id\" not-null=\"true\"/>\n")
                    .append("    <set name=\"links\" table=\"").append(table).append("_links\">\n")
                    .append("      <key column=\"source_id\"/>\n")
                    .append("      <many-to-many entity-name=\"").append(entity((i + 13) % ENTITIES))
                    .append("\" column=\"target_id\"/>\n")
                    .append("    </set>\n")
                    .append("  </class>\n");
        }
        return xml.append("</hibernate-mapping>\n").toString();
    }

    private static String entity(int i) {
        return String.format(Locale.ROOT, "E%03d", i);
    }
}
