package dev.tortoise;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of DESIGN.md: no cycles, each package importing only what its row allows,
 * nothing pointing back up to {@code dev.tortoise}, and no SQL text above {@code sql}.
 */
class ArchitectureTest {
    private static JavaClasses imported;

    @BeforeAll
    static void importClasses() {
        imported = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tortoise");
    }

    /**
     * Classes of {@code pkg} (and of its internal mirror {@code dev.tortoise.internal.<pkg>}) depend, inside
     * dev.tortoise, only on their own package and the allowed ones, each with its internal mirror.
     */
    private static void allowed(String pkg, String... allowedPackages) {
        List<String> allowed = new ArrayList<>();
        allowed.add("dev.tortoise." + pkg);
        allowed.add("dev.tortoise.internal." + pkg);
        for (String a : allowedPackages) {
            allowed.add("dev.tortoise." + a);
            allowed.add("dev.tortoise.internal." + a);
        }
        ArchRule rule = classes().that().resideInAnyPackage("dev.tortoise." + pkg + "..",
                        "dev.tortoise.internal." + pkg + "..")
                .should().onlyDependOnClassesThat(DescribedPredicate.describe(
                        "are outside dev.tortoise or in " + allowed,
                        c -> !c.getPackageName().startsWith("dev.tortoise")
                                || allowed.stream().anyMatch(a -> matches(a, c.getPackageName()))))
                .because("DESIGN.md allows " + pkg + " to depend on " + List.of(allowedPackages));
        rule.check(imported);
    }

    private static boolean matches(String base, String pkg) {
        return pkg.equals(base) || pkg.startsWith(base + ".");
    }

    /** The layer of a package: {@code dev.tortoise.internal.<layer>..} belongs to {@code <layer>}. */
    private static final SliceAssignment LAYERS = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (!p.startsWith("dev.tortoise.")) {
                return SliceIdentifier.ignore();
            }
            String rest = p.substring("dev.tortoise.".length());
            if (rest.startsWith("internal.")) {
                rest = rest.substring("internal.".length());
            }
            String[] parts = rest.split("\\.");
            String layer = parts[0].equals("sql") && parts.length > 1 ? "sql." + parts[1] : parts[0];
            return SliceIdentifier.of(layer);
        }

        @Override
        public String getDescription() {
            return "layers of dev.tortoise, dev.tortoise.internal.<layer> counted as <layer>";
        }
    };

    @Test
    void thePackageGraphHasNoCycles() {
        slices().assignedFrom(LAYERS).should().beFreeOfCycles().check(imported);
        slices().matching("dev.tortoise.sql.(*)..").should().beFreeOfCycles().check(imported);
    }

    // ------------------------------------------------------------------ API and internals (docs/api.md)

    private static boolean isInternal(JavaClass c) {
        return c.getPackageName().startsWith("dev.tortoise.internal.") || c.getPackageName().equals("dev.tortoise.internal");
    }

    /** Whether {@code c} can be seen from outside its package: public, and every enclosing class public. */
    private static boolean visible(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exposed(java.util.Set<JavaModifier> m) {
        return m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED);
    }

    /** The internal types named by a (possibly generic) type: itself, its type arguments, bounds, array parts. */
    private static List<String> internalTypesIn(com.tngtech.archunit.core.domain.JavaType t) {
        List<String> out = new ArrayList<>();
        for (JavaClass c : t.getAllInvolvedRawTypes()) {
            JavaClass base = c.getBaseComponentType();
            if (isInternal(base)) {
                out.add(base.getName());
            }
        }
        return out;
    }

    /** Every place where a visible member or supertype of a visible non-internal type shows an internal type. */
    static List<String> exposuresOfInternalTypes(JavaClasses classes) {
        List<String> found = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!c.getPackageName().startsWith("dev.tortoise") || isInternal(c) || !visible(c)) {
                continue;
            }
            c.getRawSuperclass().ifPresent(s -> {
                if (isInternal(s)) {
                    found.add(c.getName() + " extends " + s.getName());
                }
            });
            c.getSuperclass().ifPresent(s -> internalTypesIn(s).forEach(t -> found.add(c.getName() + " extends " + t)));
            for (com.tngtech.archunit.core.domain.JavaType i : c.getInterfaces()) {
                internalTypesIn(i).forEach(t -> found.add(c.getName() + " implements " + t));
            }
            boolean subclassable = !c.getModifiers().contains(JavaModifier.FINAL);
            for (JavaField f : c.getFields()) {
                if (exposed(f.getModifiers()) && (subclassable || f.getModifiers().contains(JavaModifier.PUBLIC))) {
                    internalTypesIn(f.getType()).forEach(t -> found.add(f.getFullName() + ": " + t));
                }
            }
            for (JavaCodeUnit m : c.getCodeUnits()) {
                if (!exposed(m.getModifiers()) || m.getModifiers().contains(JavaModifier.SYNTHETIC)
                        || (!subclassable && !m.getModifiers().contains(JavaModifier.PUBLIC))) {
                    continue;
                }
                List<com.tngtech.archunit.core.domain.JavaType> types = new ArrayList<>(m.getParameterTypes());
                types.add(m.getReturnType());
                types.addAll(m.getExceptionTypes());
                for (com.tngtech.archunit.core.domain.JavaType t : types) {
                    internalTypesIn(t).forEach(x -> found.add(m.getFullName() + ": " + x));
                }
            }
        }
        return found;
    }

    @Test
    void noPublicApiExposesAnInternalType() {
        assertThat(exposuresOfInternalTypes(imported))
                .as("public or protected members and supertypes of public types outside dev.tortoise.internal.. "
                        + "that show a type from dev.tortoise.internal.. (docs/api.md)")
                .isEmpty();
    }

    @Test
    void theExposureCheckFindsAnExposure() {
        JavaClasses probe = new ClassFileImporter().importClasses(ExposureProbe.class, ExposureProbe.Sub.class);
        assertThat(exposuresOfInternalTypes(probe)).containsExactlyInAnyOrder(
                "dev.tortoise.ExposureProbe.leak(): dev.tortoise.internal.execution.TransactionContext",
                "dev.tortoise.ExposureProbe$Sub implements dev.tortoise.internal.mapping.RelatedAttacher");
    }

    @Test
    void nothingBelowTheRuntimeDependsOnDevTortoiseItself() {
        noClasses().that().resideInAPackage("dev.tortoise.*..")
                .should().dependOnClassesThat().resideInAPackage("dev.tortoise")
                .because("dev.tortoise wires the layers; nothing points back up").check(imported);
    }

    @Test
    void exceptionsDependOnNothing() {
        allowed("exception");
    }

    @Test
    void theSqlTreeDependsOnTheJdkOnly() {
        allowed("sql.ast");
        classes().that().resideInAPackage("dev.tortoise.sql.ast..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.tortoise.sql.ast..")
                .check(imported);
    }

    @Test
    void dialectsDependOnTheSqlTreeOnly() {
        allowed("sql.dialect", "sql.ast", "exception");
    }

    @Test
    void nothingOutsideTheDialectsKnowsAConcreteDatabase() {
        noClasses().that().resideOutsideOfPackage("dev.tortoise.sql.dialect..")
                .should().dependOnClassesThat().resideInAPackage("dev.tortoise.sql.dialect.*..")
                .because("a database is one package registered through DialectProvider").check(imported);
        slices().matching("dev.tortoise.sql.dialect.(*)..").should().notDependOnEachOther().check(imported);
    }

    @Test
    void theRendererAndTheNeutralDialectHoldNoVendorSql() throws Exception {
        List<String> vendor = List.of("unnest(", "ANY(", "ALL(", "MERGE INTO", "FINAL TABLE", "EXCLUDED.",
                "ON CONFLICT", "RETURNING", "jsonb", "to_tsvector");
        Path root = mainClasses().resolve("dev/tortoise/sql");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("render"))) {
            for (Path f : Stream.concat(files.toList().stream(), Files.list(root.resolve("dialect"))
                    .filter(p -> p.toString().endsWith(".class"))).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    for (String s : stringConstants(in)) {
                        vendor.stream().filter(s::contains).forEach(v -> found.add(f.getFileName() + ": " + v));
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theRendererDependsOnTheTreeAndDialects() {
        allowed("sql.render", "sql.ast", "sql.dialect", "exception");
    }

    @Test
    void fieldsDependOnTheSqlTreeAndExceptions() {
        allowed("field", "sql.ast", "exception");
    }

    @Test
    void modelsDependOnFields() {
        allowed("model", "field", "sql.ast", "exception");
    }

    @Test
    void expressionsDependOnModelsAndFields() {
        allowed("expression", "model", "field", "sql.ast", "exception");
    }

    @Test
    void queriesNeverReachRenderingDialectsOrR2dbc() {
        allowed("query", "expression", "model", "field", "sql.ast", "exception");
        noClasses().that().resideInAPackage("dev.tortoise.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.r2dbc..", "dev.tortoise.sql.render..",
                        "dev.tortoise.sql.dialect..")
                .check(imported);
    }

    @Test
    void relationsDependOnQueries() {
        allowed("relation", "query", "expression", "model", "field", "sql.ast", "exception");
    }

    @Test
    void mappingDependsOnModelsAndFields() {
        allowed("mapping", "model", "field", "exception");
    }

    @Test
    void executionDependsOnTheLayersBelow() {
        // Not relation: prefetching wraps the executing engine from above (internal.relation.PrefetchingEngine),
        // and select_related rows are attached through mapping's RelatedAttacher, given at construction.
        allowed("execution", "sql.ast", "sql.dialect", "sql.render", "mapping", "query", "expression",
                "model", "field", "exception");
    }

    /** The classes that hold the layers together: query engines, relation joiners, row attachers. */
    private static final DescribedPredicate<JavaClass> WIRING = DescribedPredicate.describe(
            "implement QueryEngine, RelationJoiner or RelatedAttacher",
            c -> c.isAssignableTo(dev.tortoise.internal.query.QueryEngine.class)
                    || c.isAssignableTo(dev.tortoise.internal.expression.RelationJoiner.class)
                    || c.isAssignableTo(dev.tortoise.internal.mapping.RelatedAttacher.class));

    /**
     * Wiring happens at construction only: the classes that connect layers keep every collaborator in a
     * final field and have no setter, so a cycle between them cannot be closed after the fact (as the
     * engine's relation-loader setter once did) and the package graph stays acyclic by construction.
     */
    @Test
    void layersAreWiredAtConstructionWithoutSetters() {
        checkWiring(imported);
    }

    @Test
    void theWiringCheckFindsASetterInjectedCollaborator() {
        JavaClasses probe = new ClassFileImporter().importClasses(WiringProbe.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checkWiringFields(probe))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("<dev.tortoise.WiringProbe.loader>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checkWiringMethods(probe))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.tortoise.WiringProbe.loader(dev.tortoise.internal.query.QueryEngine)");
    }

    private static void checkWiring(JavaClasses classes) {
        checkWiringFields(classes);
        checkWiringMethods(classes);
    }

    private static void checkWiringFields(JavaClasses classes) {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields().that().areDeclaredInClassesThat(WIRING)
                .and().areNotStatic().should().beFinal()
                .because("collaborators are given at construction, never set afterwards").check(classes);
    }

    private static void checkWiringMethods(JavaClasses classes) {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods().that().areDeclaredInClassesThat(WIRING)
                .and().arePublic().should(com.tngtech.archunit.lang.ArchCondition.from(DescribedPredicate.describe(
                        "look like a setter (void, one parameter of a dev.tortoise type)",
                        (com.tngtech.archunit.core.domain.JavaMethod m) -> m.getRawReturnType().isEquivalentTo(void.class)
                                && m.getRawParameterTypes().size() == 1
                                && m.getRawParameterTypes().get(0).getPackageName().startsWith("dev.tortoise"))))
                .check(classes);
    }

    @Test
    void schemaGenerationDependsOnModelsSqlAndExecution() {
        allowed("schema", "model", "field", "sql.ast", "sql.dialect", "sql.render", "execution", "exception");
    }

    @Test
    void signalsDependOnModels() {
        allowed("signals", "model", "exception");
    }

    @Test
    void modelSchemasDependOnModelsAndRelationsNeverOnSpringOrJackson() {
        allowed("modelschema", "relation", "model", "field", "sql.ast", "exception");
        noClasses().that().resideInAPackage("dev.tortoise.modelschema..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "tools.jackson..",
                        "com.fasterxml.jackson..", "io.swagger..")
                .because("the JSON and OpenAPI adapters live in tortoise-autoconfigure").check(imported);
    }

    @Test
    void modelLivesInTheModelPackage() {
        assertThat(dev.tortoise.model.Model.class.getPackageName()).isEqualTo("dev.tortoise.model");
    }

    // ------------------------------------------------------------------ no SQL text above sql

    private static final Pattern SQL_START = Pattern.compile("^\\s*(SELECT|INSERT|UPDATE|DELETE|CREATE)\\s",
            Pattern.CASE_INSENSITIVE);

    /** The string constants of a compiled class, read from its constant pool. */
    static List<String> stringConstants(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> stringRefs = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 8 -> stringRefs.add(in.readUnsignedShort());
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                case 7, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String> out = new ArrayList<>();
        for (int ref : stringRefs) {
            out.add(utf8[ref]);
        }
        return out;
    }

    private static List<String> sqlConstantsIn(Path classesRoot, boolean outsideSqlOnly) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classesRoot.resolve("dev/tortoise"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String rel = classesRoot.relativize(f).toString().replace('\\', '/');
                boolean exempt = rel.startsWith("dev/tortoise/sql/")
                        || rel.startsWith("dev/tortoise/internal/execution/ConnectionUrls");
                if (outsideSqlOnly && exempt) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    for (String s : stringConstants(in)) {
                        if (SQL_START.matcher(s).find()) {
                            found.add(rel + ": \"" + s + "\"");
                        }
                    }
                }
            }
        }
        return found;
    }

    private static Path mainClasses() throws URISyntaxException {
        return Path.of(Tortoise.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void noClassAboveSqlHoldsSqlText() throws Exception {
        assertThat(sqlConstantsIn(mainClasses(), true)).isEmpty();
    }

    @Test
    void theSqlTextCheckDoesFindSqlWhereItIsAllowed() throws Exception {
        List<String> inSql = sqlConstantsIn(mainClasses(), false);
        assertThat(inSql).anyMatch(s -> s.startsWith("dev/tortoise/sql/render/SqlRenderer") && s.contains("SELECT "));
        assertThat(inSql).allMatch(s -> s.toLowerCase(Locale.ROOT).startsWith("dev/tortoise/sql/"));
    }
}
