package dev.paved.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layout, checked on the compiled classes of every module: no package depends on itself through others,
 * the domain modules are plain Java that never reach into the server or the CLI, and only the server and the gateway
 * (whose HTTP client is Vert.x) know the web stack.
 */
class ArchitectureTest {
    private static JavaClasses paved;

    @BeforeAll
    static void importClasses() {
        paved = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.paved");
        // Every module is on this class path; a near-empty import would make the rules pass vacuously.
        for (String module : new String[] {"core", "gateway", "embedding", "knowledge", "guard", "rag", "server", "fake", "cli"}) {
            assertThat(paved.stream().filter(c -> c.getPackageName().startsWith("dev.paved." + module)).count()).as(module).isGreaterThan(3);
        }
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.paved.(**)").should().beFreeOfCycles().check(paved);
    }

    @Test
    void domainModulesDoNotDependOnTheServerOrTheCli() {
        noClasses().that().resideInAnyPackage("dev.paved.core..", "dev.paved.gateway..", "dev.paved.knowledge..", "dev.paved.guard..",
                        "dev.paved.rag..", "dev.paved.embedding..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.paved.server..", "dev.paved.cli..", "dev.paved.fake..")
                .check(paved);
    }

    @Test
    void plainJavaModulesDoNotKnowTheWebStack() {
        noClasses().that().resideInAnyPackage("dev.paved.core..", "dev.paved.knowledge..", "dev.paved.guard..", "dev.paved.rag..",
                        "dev.paved.embedding..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..")
                .check(paved);
    }
}
