/**
 * The {@code safemerge} admin command line (tier: example, not published): candidates, dry runs and merges on the
 * example schema, with exit codes scripts can rely on ({@link org.safemerge.examples.cli.ExitCode}).
 */
package org.safemerge.examples.cli;
