/**
 * The example domain (tier: example, not published): workshop administration (people, organizations, events with
 * shared tags, tasks that need their event, awards, comments) and a partner registry (partners with eight kinds of
 * referencing rows, a parent partner and a one-to-one profile). Close to the two cases SafeMerge exists for.
 */
package org.safemerge.examples.domain;
