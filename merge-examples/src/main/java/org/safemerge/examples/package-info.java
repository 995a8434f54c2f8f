/**
 * The example application (tier: example, not published): the README's main job ({@link
 * org.safemerge.examples.ExampleApp}) on the example domain, with its own verification of what the merges did.
 */
package org.safemerge.examples;
