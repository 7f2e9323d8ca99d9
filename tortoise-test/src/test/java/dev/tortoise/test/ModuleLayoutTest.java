package dev.tortoise.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code dev.tortoise.test} (the module tortoise-test-r2dbc) free of the ORM and of Spring: only the slice
 * ({@code dev.tortoise.test.autoconfigure}, this module) knows them. So the core's and the auto-configuration's own
 * test suites can use it (they cannot depend on this module, which depends on them), and users without Spring need
 * nothing of Spring. The module boundary already keeps the core out at compile time; this rule also keeps Spring out.
 */
class ModuleLayoutTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tortoise.test");

    @Test
    void theTestSupportPackageKnowsNeitherTheOrmNorSpring() {
        noClasses().that().resideInAPackage("dev.tortoise.test")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.tortoise.test", "java..", "javax..",
                        "io.r2dbc..", "reactor..", "org.reactivestreams..", "org.junit..", "org.opentest4j..",
                        "org.assertj..", "org.slf4j..")
                .check(CLASSES);
    }
}
