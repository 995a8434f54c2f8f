package org.safemerge;

import org.safemerge.architecture.fixture.root.RootLeaf;

/**
 * Test fixture of the package-cycle rule: a class directly in {@code org.safemerge} in a cycle with
 * {@link RootLeaf}, to show that the root package is a slice of its own.
 */
public final class ArchitectureRootFixture {
    private RootLeaf leaf;

    public RootLeaf leaf() {
        return leaf;
    }
}
