package org.safemerge.hibernate.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.hibernate.SessionFactory;
import org.safemerge.graph.EntityType;
import org.safemerge.hibernate.ModelLints;
import org.safemerge.lint.LintCheck;
import org.safemerge.lint.LintChecks;
import org.safemerge.lint.LintFinding;
import org.safemerge.lint.LintResult;
import org.safemerge.lint.ModelLint;

/**
 * ArchUnit rules built on the {@link ModelLint}'s checks, for projects that keep their architecture rules in
 * ArchUnit. The annotation rules read the entity classes' mapping annotations (fields and getters, classes annotated
 * {@code @Entity} or {@code @MappedSuperclass}) and need no database; they report under the same check ids as the
 * lint. {@link #modelLintClean(ModelLint)} runs every lint check, schema facts included, and reports each open
 * finding on its entity class. Needs {@code com.tngtech.archunit:archunit} (an optional dependency of
 * merge-hibernate).
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.example.domain")
 * class MappingRulesTest {
 *     @ArchTest
 *     static final ArchRule safeMerge = SafeMergeRules.all();
 * }
 * }</pre>
 */
public final class SafeMergeRules {
    private SafeMergeRules() {
    }

    /**
     * Entities should not cascade REMOVE (or ALL) over a many-to-many: deleting one owner would delete the targets
     * every other owner links to. Check {@code cascade-remove-many-to-many}; no database needed.
     */
    public static ArchRule noCascadeRemoveOnManyToMany() {
        return rule(LintChecks.CASCADE_REMOVE_MANY_TO_MANY, "not cascade REMOVE over a many-to-many",
                (member, shared) -> member.kind().equals("ManyToMany") && member.cascadesRemove()
                        ? "remove CascadeType.REMOVE / ALL and unlink with remove(...) or clear() (join rows only)"
                        : null);
    }

    /**
     * Entities should not cascade REMOVE (or ALL) along a to-one to an entity others share: every many-to-one, and a
     * one-to-one whose target another association of the analyzed classes also references. Check
     * {@code cascade-remove-shared-to-one}; no database needed (catalog-only references are seen by
     * {@link #modelLintClean(ModelLint)} only).
     */
    public static ArchRule noCascadeRemoveOnSharedToOne() {
        return rule(LintChecks.CASCADE_REMOVE_SHARED_TO_ONE, "not cascade REMOVE along a to-one to a shared entity",
                (member, shared) -> {
                    if (!member.cascadesRemove()) {
                        return null;
                    }
                    if (member.kind().equals("ManyToOne")) {
                        return "a many-to-one: the target is shared by definition; remove CascadeType.REMOVE / ALL";
                    }
                    if (member.kind().equals("OneToOne") && shared.isShared(member)) {
                        return "its target is also referenced by " + shared.othersOf(member)
                                + "; remove CascadeType.REMOVE / ALL";
                    }
                    return null;
                });
    }

    /**
     * Entities should not remove orphans that other associations of the analyzed classes also reference. Check
     * {@code orphan-removal-shared-child}; no database needed.
     */
    public static ArchRule noOrphanRemovalOnSharedChildren() {
        return rule(LintChecks.ORPHAN_REMOVAL_SHARED_CHILD, "not remove orphans other entities reference",
                (member, shared) -> member.orphanRemoval() && shared.isShared(member)
                        ? "the children are also referenced by " + shared.othersOf(member)
                                + "; drop orphanRemoval and delete children explicitly"
                        : null);
    }

    /**
     * Entities should not map {@code @Any} or {@code @ManyToAny} associations, which SafeMerge cannot follow. Check
     * {@code any-association}; no database needed.
     */
    public static ArchRule noAnyAssociations() {
        return rule(LintChecks.ANY_ASSOCIATION, "not map @Any associations",
                (member, shared) -> member.kind().equals("Any") || member.kind().equals("ManyToAny")
                        ? "map one association per target type, or keep merged duplicates as tombstones"
                        : null);
    }

    /** Every annotation rule above, in one rule. */
    public static ArchRule all() {
        return CompositeArchRule.of(noCascadeRemoveOnManyToMany()).and(noCascadeRemoveOnSharedToOne())
                .and(noOrphanRemovalOnSharedChildren()).and(noAnyAssociations());
    }

    /**
     * Entity classes should have no open finding of the lint (every check, suppressions respected): each finding is
     * reported on the class of its {@link LintFinding#entity() entity}. Runs the lint once, when the rule is
     * evaluated; needs the lint's database for the schema facts.
     */
    public static ArchRule modelLintClean(ModelLint lint) {
        if (lint == null) {
            throw new IllegalArgumentException("modelLintClean needs a ModelLint, was null");
        }
        return classes().that(mapped()).should(new LintCondition(lint)).allowEmptyShould(true);
    }

    /** {@link #modelLintClean(ModelLint)} with every built-in check over the factory's graph. */
    public static ArchRule modelLintClean(SessionFactory sessionFactory) {
        return modelLintClean(ModelLints.of(sessionFactory));
    }

    private static ArchRule rule(LintCheck check, String should, BiFunction<MappedMember, References, String> test) {
        return classes().that(mapped()).should(new MemberCondition(check, should, test)).allowEmptyShould(true)
                .because("SafeMerge lint check " + check.id() + ": " + check.description());
    }

    private static DescribedPredicate<JavaClass> mapped() {
        return DescribedPredicate.describe("are entities or mapped superclasses", c -> isMapped(c));
    }

    private static boolean isMapped(JavaClass type) {
        return type.isAnnotatedWith(MappedMember.JPA + "Entity")
                || type.isAnnotatedWith(MappedMember.JPA + "MappedSuperclass");
    }

    /** Which classes the analyzed associations reference (hold the id of), for "shared" targets. */
    static final class References {
        private final Map<String, List<MappedMember>> byTarget = new HashMap<>();

        void add(MappedMember member) {
            if (member.referencesTarget()) {
                member.target().ifPresent(t -> byTarget.computeIfAbsent(t.getName(),
                        k -> new ArrayList<>()).add(member));
            }
        }

        /** Whether an association other than this member references the member's target. */
        boolean isShared(MappedMember member) {
            return !others(member).isEmpty();
        }

        String othersOf(MappedMember member) {
            return String.join(", ", others(member).stream().map(MappedMember::name).sorted().toList());
        }

        private List<MappedMember> others(MappedMember member) {
            return member.target().map(t -> byTarget.getOrDefault(t.getName(), List.of()).stream()
                    .filter(m -> !m.member().equals(member.member())).toList()).orElse(List.of());
        }
    }

    /** Tests every association member of an entity class; knows every analyzed association for "shared". */
    private static final class MemberCondition extends ArchCondition<JavaClass> {
        private final LintCheck check;
        private final BiFunction<MappedMember, References, String> test;
        private References references = new References();

        MemberCondition(LintCheck check, String should, BiFunction<MappedMember, References, String> test) {
            super(should);
            this.check = check;
            this.test = test;
        }

        @Override
        public void init(Collection<JavaClass> allObjectsToTest) {
            references = new References();
            allObjectsToTest.stream().filter(SafeMergeRules::isMapped)
                    .forEach(c -> MappedMember.of(c).forEach(references::add));
        }

        @Override
        public void check(JavaClass entity, ConditionEvents events) {
            for (MappedMember member : MappedMember.of(entity)) {
                String fix = test.apply(member, references);
                if (fix != null) {
                    events.add(SimpleConditionEvent.violated(entity, "[" + check.id() + "] " + member.name()
                            + " " + member.location() + ": " + check.description() + "; " + fix));
                }
            }
        }
    }

    /** Reports the lint's open findings on the classes of their entities. */
    private static final class LintCondition extends ArchCondition<JavaClass> {
        private final ModelLint lint;
        private Map<String, List<LintFinding>> byClass;

        LintCondition(ModelLint lint) {
            super("have no open SafeMerge model lint finding");
            this.lint = lint;
        }

        @Override
        public void init(Collection<JavaClass> allObjectsToTest) {
            LintResult result = lint.check();
            Map<String, List<LintFinding>> found = new HashMap<>();
            for (LintFinding finding : result.findings()) {
                String javaType = finding.entity() == null ? null : lint.graph().entity(finding.entity())
                        .map(EntityType::javaType).orElse(null);
                if (javaType != null) {
                    found.computeIfAbsent(javaType, k -> new ArrayList<>()).add(finding);
                }
            }
            byClass = found;
        }

        @Override
        public void check(JavaClass entity, ConditionEvents events) {
            for (LintFinding finding : byClass.getOrDefault(entity.getName(), List.of())) {
                events.add(SimpleConditionEvent.violated(entity, "[" + finding.checkId() + "] "
                        + finding.association() + " (" + entity.getName() + "): " + finding.reason() + "; fix: "
                        + finding.fix()));
            }
        }
    }
}
