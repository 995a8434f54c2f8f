package org.safemerge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a user runs it, after the package phase built {@code target/safemerge.jar}: the
 * {@code bin/safemerge} script starts the jar's main class with every dependency inside (JDBC driver, Hibernate,
 * SafeMerge's integrators), and says how to build the jar when it is missing. Runs in the integration-test phase.
 */
class SafeMergeLauncherIT {
    /** Module directory: surefire runs in it. */
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path SCRIPT = MODULE.resolve("bin/safemerge");
    private static final Path JAR = MODULE.resolve("target/safemerge.jar");

    @TempDir
    Path work;

    /** One run of a command in {@link #work}: exit code and the merged output. */
    record Result(int exit, String output) {
    }

    private Result run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        Process process = new ProcessBuilder(line).directory(work.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("finished: " + line).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void jar_namesTheCliAsItsMainClass() throws IOException {
        assertThat(JAR).as("built by the package phase").exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Manifest manifest = jar.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(SafeMergeCli.class.getName());
            assertThat(jar.getEntry("META-INF/LICENSE")).isNotNull();
            assertThat(jar.getEntry("META-INF/services/java.sql.Driver")).isNotNull();
        }
    }

    @Test
    void script_isExecutable_andPrintsTheHelp() throws Exception {
        assertThat(Files.isExecutable(SCRIPT)).as(SCRIPT + " is executable").isTrue();

        Result help = run(SCRIPT.toString(), "--help");
        Result planHelp = run(SCRIPT.toString(), "plan", "--help");

        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).startsWith("Usage: safemerge").contains("merge-all", "Exit codes:");
        assertThat(planHelp.exit()).as(planHelp.output()).isZero();
        assertThat(planHelp.output()).startsWith("Usage: safemerge plan").contains("--on-conflict");
    }

    @Test
    void script_seedsAndPlans_onAnH2FileInTheWorkingDirectory() throws Exception {
        Result seed = run(SCRIPT.toString(), "seed");
        Result plan = run(SCRIPT.toString(), "plan", "Partner", "--survivor", "21148", "--duplicate", "30001");

        assertThat(seed.exit()).as(seed.output()).isZero();
        assertThat(work.resolve("safemerge-example.mv.db")).exists();
        assertThat(plan.exit()).as(plan.output()).isEqualTo(ExitCode.BLOCKED);
        assertThat(plan.output()).contains("option: --on-conflict PartnerProfile.partner=KEEP_A");
    }

    @Test
    void script_withoutTheJar_saysHowToBuildIt() throws Exception {
        Path copy = work.resolve("merge-examples/bin/safemerge");
        Files.createDirectories(copy.getParent());
        Files.copy(SCRIPT, copy);
        assertThat(copy.toFile().setExecutable(true)).isTrue();

        Result missing = run(copy.toString(), "--help");

        assertThat(missing.exit()).isOne();
        assertThat(missing.output()).contains("safemerge.jar is missing; build it with:",
                "./mvnw -q -Pexample package");
    }
}
