package org.safemerge.examples.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The heap mode of {@link MergeBenchmark}: the smallest {@code -Xmx} in which one merge completes, per contender,
 * found by bisection over child JVMs. Retained heap, not allocation: a child that cannot keep what it needs fails
 * with OutOfMemoryError (Parallel GC also fails a child spending 98% of its time collecting; a child taking more
 * than 3 times as long as in the largest heap counts as failed too), whatever garbage it made on the way. Every child boots Hibernate, generates the data, merges (or not: the baseline) and verifies.
 */
final class HeapBisection {
    /** Bisection stops when the bounds are this close (MB). */
    private static final int PRECISION_MB = 4;
    private static final int LOW_MB = 16;
    private static final int HIGH_MB = 1040;
    /** A child taking this many times as long as with the largest heap is thrashing: counted as failed. */
    private static final int SLOWDOWN = 3;
    private static long timeoutMillis;

    private HeapBisection() {
    }

    static void run(String database, int[] sizes, boolean wide, boolean noIndex) throws Exception {
        System.out.printf("SafeMerge heap benchmark on %s: smallest -Xmx (MB, to %d MB) in which one merge of a "
                + "partner referenced by R rows in each of 8 tables completes, in a fresh JVM per try%n", database,
                PRECISION_MB);
        System.out.println("baseline = boot, generate, verify without merging (on H2 the in-memory database is "
                + "in the heap too); the merge's own need = contender - baseline\n");
        System.out.printf("%-8s | %-9s | %-9s | %-14s | %-14s%n", "R", "baseline", "hand", "SafeMerge (+)",
                "naive JPA (+)");
        for (int size : sizes) {
            Map<String, Integer> smallest = new LinkedHashMap<>();
            // -Dbench.heap.contenders=baseline,safemerge measures only those (each bisection takes a dozen JVMs)
            List<String> only = List.of(System.getProperty("bench.heap.contenders", "baseline,hand,safemerge,naive")
                    .split(","));
            for (String contender : MergeBenchmark.heapContenders(size)) {
                if (!only.contains(contender)) {
                    continue;
                }
                smallest.put(contender, smallest(database, size, contender, wide, noIndex));
            }
            int base = smallest.getOrDefault("baseline", 0);
            System.out.printf(Locale.ROOT, "%-8d | %9s | %9s | %-14s | %s%n", size, shown(smallest, "baseline", 0),
                    shown(smallest, "hand", 0), shown(smallest, "safemerge", base), shown(smallest, "naive", base));
        }
    }

    private static String shown(Map<String, Integer> smallest, String contender, int base) {
        Integer mb = smallest.get(contender);
        if (mb == null) {
            return "(skipped)";
        }
        return base == 0 ? String.valueOf(mb) : String.format(Locale.ROOT, "%5d (%+5d)", mb, mb - base);
    }

    /** Bisection: the smallest heap (MB) in which the child completes; fails if even the largest does not. */
    private static int smallest(String database, int size, String contender, boolean wide, boolean noIndex)
            throws IOException, InterruptedException {
        int low = LOW_MB; // assumed to fail
        int high = HIGH_MB;
        timeoutMillis = TimeUnit.MINUTES.toMillis(20);
        long start = System.nanoTime();
        if (!completes(database, size, contender, high, wide, noIndex)) {
            throw new IllegalStateException(contender + " does not complete in " + high + " MB");
        }
        timeoutMillis = Math.max(30_000, SLOWDOWN * TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        while (high - low > PRECISION_MB) {
            int mid = (low + high) / 2;
            if (completes(database, size, contender, mid, wide, noIndex)) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    private static boolean completes(String database, int size, String contender, int heapMb, boolean wide,
            boolean noIndex) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heapMb + "m");
        command.add("-XX:+UseParallelGC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-D")) {
                command.add(argument); // bench.url and the like
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MergeBenchmark.class.getName());
        command.add(database);
        command.add(String.valueOf(size));
        command.add("1");
        command.add("child:" + contender);
        if (noIndex) {
            command.add("noindex");
        } else if (wide) {
            command.add("wide");
        }
        File log = Files.createTempFile("safemerge-heap-", ".log").toFile();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return false;
            }
            String output = Files.readString(log.toPath());
            boolean done = process.exitValue() == 0 && output.contains("completed");
            if (!done && !output.contains("OutOfMemoryError") && !output.contains("GC overhead")) {
                // not a lack of heap: a broken run must not pass for a small heap
                throw new IllegalStateException(contender + " failed in " + heapMb + " MB for another reason than "
                        + "memory:\n" + output);
            }
            return done;
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }
}
