package dev.tortoise.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.sql.dialect.Dialects;
import io.r2dbc.spi.ConnectionFactories;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class TestDatabaseTest {

    @DatabaseTest
    void aFreshDatabaseIsEmptyAndItsOwn(TestDatabase db) throws Exception {
        try (TestDatabase other = TestDatabase.create(db.kind())) {
            db.execute(StandardSql.on(db, "CREATE TABLE \"note\" (\"id\" INT PRIMARY KEY, \"body\" VARCHAR(20))"),
                    StandardSql.on(db, "INSERT INTO \"note\" VALUES (1, 'one')"),
                    StandardSql.on(db, "INSERT INTO \"note\" VALUES (2, NULL)"));
            assertThat(db.countRows("note")).isEqualTo(2);
            assertThat(db.query(StandardSql.on(db, "SELECT \"id\", \"body\" FROM \"note\" ORDER BY \"id\"")))
                    .containsExactly(Map.of("id", 1, "body", "one"), new java.util.HashMap<>() {{
                        put("id", 2);
                        put("body", null);
                    }});
            assertThat(other.url()).isNotEqualTo(db.url());
            assertThatThrownBy(() -> other.countRows("note")).hasMessageContaining("note");
            // The JDBC URL names the same database (what Flyway is given).
            try (Connection jdbc = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                 ResultSet rs = jdbc.createStatement().executeQuery(
                         StandardSql.on(db, "SELECT \"body\" FROM \"note\" WHERE \"id\" = 1"))) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("one");
            }
        }
        if (db.isPostgres()) {
            assertThat(db.schema()).matches("tt_[0-9a-f]{16}");
            assertThat(db.url()).isEqualTo("r2dbc:postgresql://postgres@127.0.0.1:5432/test?schema=" + db.schema());
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + db.schema());
            assertThat(List.of(db.host(), db.port(), db.user(), db.database())).containsExactly("127.0.0.1", 5432,
                    "postgres", "test");
        } else if (db.kind() == DatabaseKind.MARIADB) {
            assertThat(db.schema()).isNull();
            assertThat(db.database()).matches("tt_[0-9a-f]{16}");
            assertThat(db.url()).isEqualTo("r2dbc:mariadb://root@127.0.0.1:3306/" + db.database());
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/" + db.database());
            assertThat(List.of(db.host(), db.port(), db.user())).containsExactly("127.0.0.1", 3306, "root");
        } else {
            assertThat(db.schema()).isNull();
            assertThat(db.url()).matches("r2dbc:h2:mem:///t[0-9a-f]{32}\\?options=DB_CLOSE_DELAY=-1");
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:h2:mem:" + db.database() + ";DB_CLOSE_DELAY=-1");
        }
    }

    @Test
    void closingDropsTheDatabase() {
        DatabaseKind.POSTGRES.assumeReachable();
        TestDatabase pg = DatabaseKind.POSTGRES.fresh();
        pg.execute("CREATE TABLE \"note\" (\"id\" INT)");
        pg.close();
        pg.close();
        assertThat(schemaExists(pg.schema())).isFalse();

        TestDatabase h2 = DatabaseKind.H2.fresh();
        String url = h2.url();
        h2.execute("CREATE TABLE \"note\" (\"id\" INT)");
        h2.close();
        // The in-memory database was shut down: the same name now opens a new, empty one.
        assertThat(RawSql.query(ConnectionFactories.get(url),
                "SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'note'").get(0).get("n"))
                .isEqualTo(0L);
        RawSql.execute(ConnectionFactories.get(url), "SHUTDOWN");
        // A database created on first use cannot be used after it was closed unused.
        TestDatabase unused = TestDatabase.lazy(DatabaseKind.H2);
        unused.close();
        assertThatThrownBy(unused::url).isInstanceOf(IllegalStateException.class)
                .hasMessage("This test database was closed");
    }

    static boolean schemaExists(String schema) {
        return !RawSql.query(ConnectionFactories.get(DatabaseKind.POSTGRES.serverUrl()),
                "SELECT schema_name FROM information_schema.schemata WHERE schema_name = '" + schema + "'").isEmpty();
    }

    @Test
    void databaseTestRunsOncePerDatabaseWithAFreshDatabaseEachTaggedByItsKind() {
        List<DatabaseKind> matrix = DatabaseKind.matrix();
        matrix.forEach(DatabaseKind::assumeReachable);
        PerTestFixture.seen.clear();
        EngineExecutionResults results = Fixtures.runAndExpectSuccess(PerTestFixture.class, 2 * matrix.size() + 1);
        List<String> expected = new java.util.ArrayList<>(List.of("[h2]"));
        for (DatabaseKind k : matrix) {
            expected.add("[" + k.label() + "]");
            expected.add("[" + k.label() + "]");
        }
        assertThat(results.testEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(PerTestFixture.seen).hasSize(2 * matrix.size() + 1).doesNotHaveDuplicates();
        for (String name : PerTestFixture.seen) {
            if (name.startsWith("pg:")) {
                assertThat(schemaExists(name.substring(3))).as("schema %s dropped", name).isFalse();
            } else if (name.startsWith("mariadb:")) {
                assertThat(mariaDbDatabaseExists(name.substring(8))).as("database %s dropped", name).isFalse();
            }
        }
        assertThat(PerTestFixture.seen.stream().filter(s -> s.startsWith("pg:tt_")))
                .hasSize(matrix.contains(DatabaseKind.POSTGRES) ? 2 : 0);
        assertThat(PerTestFixture.seen.stream().filter(s -> s.startsWith("mariadb:tt_")))
                .hasSize(matrix.contains(DatabaseKind.MARIADB) ? 2 : 0);
    }

    @Test
    void freshDatabaseRunsTheClassOncePerDatabaseOnADatabaseOfItsOwn() {
        List<DatabaseKind> matrix = DatabaseKind.matrix();
        matrix.forEach(DatabaseKind::assumeReachable);
        PerClassFixture.rowsAtTheEnd.clear();
        PerClassFixture.databases.clear();
        EngineExecutionResults results = Fixtures.runAndExpectSuccess(PerClassFixture.class, 2 * matrix.size());
        assertThat(results.containerEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsAll(matrix.stream().map(k -> "[" + k.label() + "]").toList());
        // Both tests of one run wrote to the same database, and each run had its own.
        assertThat(PerClassFixture.rowsAtTheEnd).containsOnly(2L).hasSize(matrix.size());
        assertThat(PerClassFixture.databases).hasSize(matrix.size()).doesNotHaveDuplicates();
        for (String name : PerClassFixture.databases) {
            if (name.startsWith("pg:")) {
                assertThat(schemaExists(name.substring(3))).as("schema %s dropped", name).isFalse();
            } else if (name.startsWith("mariadb:")) {
                assertThat(mariaDbDatabaseExists(name.substring(8))).as("database %s dropped", name).isFalse();
            }
        }
    }

    @Test
    void anUnreachableServerSkipsLoudlyOrFailsWhenRequired() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String server = "r2dbc:postgresql://nobody@127.0.0.1:1/nowhere-" + System.nanoTime();
        Runnable refused = () -> {
            throw new IllegalStateException("Connection refused");
        };
        try {
            assertThatThrownBy(() -> Reachability.require("PostgreSQL", "postgres", server,
                    "tortoise.test.require-nowhere", refused))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessage("PostgreSQL at " + server + " is not reachable: Connection refused");
            // Probed once: the second case is skipped without a second message.
            assertThatThrownBy(() -> Reachability.require("PostgreSQL", "postgres", server,
                    "tortoise.test.require-nowhere", refused)).isInstanceOf(TestAbortedException.class);
            System.setProperty("tortoise.test.require-nowhere", "true");
            assertThatThrownBy(() -> Reachability.require("PostgreSQL", "postgres", server,
                    "tortoise.test.require-nowhere", refused))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessage("PostgreSQL at " + server + " is required (-Dtortoise.test.require-nowhere=true) but not "
                            + "reachable: Connection refused");
        } finally {
            System.clearProperty("tortoise.test.require-nowhere");
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("\n!!!!!!!!!! PostgreSQL at " + server
                + " is NOT reachable: Connection refused\n!!!!!!!!!! The [postgres] test cases are SKIPPED"
                + " (-Dtortoise.test.require-nowhere=true makes them fail).\n\n");
        assertThat(DatabaseKind.POSTGRES.requireProperty()).isEqualTo("tortoise.test.require-postgres");
        assertThatThrownBy(() -> DatabaseKind.H2.admin("SELECT 1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theMatrixIsTheKindsTortoiseHasADialectForUnlessThePropertyNamesThem() {
        // tortoise-core registers H2 and PostgreSQL; MariaDB joins the matrix once a dialect for it is registered
        boolean mariadbDialect = Dialects.providers().stream()
                .anyMatch(p -> p.dialect().name().equals("mariadb") || p.aliases().contains("mariadb"));
        // a build may pin the property (-Dtortoise.test.databases=...); the default matrix is read without it
        String pinned = System.getProperty(DatabaseKind.MATRIX_PROPERTY);
        System.clearProperty(DatabaseKind.MATRIX_PROPERTY);
        try {
            assertThat(DatabaseKind.matrix()).containsExactlyElementsOf(mariadbDialect
                    ? List.of(DatabaseKind.H2, DatabaseKind.POSTGRES, DatabaseKind.MARIADB)
                    : List.of(DatabaseKind.H2, DatabaseKind.POSTGRES));
        } finally {
            restore(pinned);
        }
        assertThat(DatabaseKind.MATRIX_PROPERTY).isEqualTo("tortoise.test.databases");
        System.setProperty(DatabaseKind.MATRIX_PROPERTY, " postgres, MariaDB ");
        try {
            assertThat(DatabaseKind.matrix()).containsExactly(DatabaseKind.POSTGRES, DatabaseKind.MARIADB);
            System.setProperty(DatabaseKind.MATRIX_PROPERTY, "h2,sqlite");
            assertThatThrownBy(DatabaseKind::matrix).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Unknown database kind 'sqlite'; known: [h2, postgres, mariadb]");
        } finally {
            restore(pinned);
        }
    }

    @Test
    void mariaDbIsTheServerAt3306AsRoot() {
        DatabaseKind k = DatabaseKind.MARIADB;
        assertThat(List.of(k.label(), k.product(), k.driver(), k.requireProperty(), k.serverUrl(), k.host()))
                .containsExactly("mariadb", "MariaDB", "mariadb", "tortoise.test.require-mariadb",
                        "r2dbc:mariadb://root@127.0.0.1:3306", "127.0.0.1");
        assertThat(k.port()).isEqualTo(3306);
        assertThat(k.isServer()).isTrue();
        assertThat(DatabaseKind.forLabel("MariaDB")).isSameAs(k);
    }

    @Test
    void aFreshMariaDbDatabaseIsADatabaseOfItsOwnDroppedOnClose() {
        DatabaseKind.MARIADB.assumeReachable();
        String name;
        try (TestDatabase db = DatabaseKind.MARIADB.fresh()) {
            name = db.database();
            assertThat(name).matches("tt_[0-9a-f]{16}");
            assertThat(db.url()).isEqualTo("r2dbc:mariadb://root@127.0.0.1:3306/" + name);
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/" + name);
            assertThat(db.schema()).isNull();
            assertThat(db.toString()).isEqualTo("mariadb");
            assertThat(mariaDbDatabaseExists(name)).isTrue();
            db.execute("CREATE TABLE `note` (`id` INT PRIMARY KEY, `body` VARCHAR(20))",
                    "INSERT INTO `note` (`id`, `body`) VALUES (1, 'a')");
            assertThat(db.countRows("note")).isEqualTo(1);
            assertThat(db.query("SELECT `id`, `body` FROM `note`")).containsExactly(Map.of("id", 1, "body", "a"));
        }
        assertThat(mariaDbDatabaseExists(name)).isFalse();
    }

    private static boolean mariaDbDatabaseExists(String name) {
        return !RawSql.query(ConnectionFactories.get(DatabaseKind.MARIADB.serverUrl()),
                "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + name + "'").isEmpty();
    }

    @FixtureOnly
    static class PerTestFixture {
        static final List<String> seen = new CopyOnWriteArrayList<>();

        @DatabaseTest
        void eachCaseGetsAFreshDatabase(TestDatabase db) {
            db.execute(StandardSql.on(db, "CREATE TABLE \"t\" (\"id\" INT)"));
            seen.add(name(db));
        }

        @DatabaseTest
        void theKindItselfCanBeTheParameter(DatabaseKind kind) {
            try (TestDatabase db = kind.fresh()) {
                db.execute(StandardSql.on(db, "CREATE TABLE \"t\" (\"id\" INT)"));
                seen.add(name(db));
            }
        }

        @DatabaseTest(DatabaseKind.H2)
        void kindsCanBeChosen(TestDatabase db) {
            assertThat(db.kind()).isEqualTo(DatabaseKind.H2);
            seen.add(name(db));
        }
    }

    /** The fresh database's name, prefixed with its kind's: {@code pg:<schema>}, {@code mariadb:<database>}, {@code h2:<name>}. */
    static String name(TestDatabase db) {
        return switch (db.kind()) {
            case POSTGRES -> "pg:" + db.schema();
            case MARIADB -> "mariadb:" + db.database();
            case H2 -> "h2:" + db.database();
        };
    }

    @FixtureOnly
    @FreshDatabase
    static class PerClassFixture {
        static final List<Long> rowsAtTheEnd = new CopyOnWriteArrayList<>();
        static final List<String> databases = new CopyOnWriteArrayList<>();

        @Parameter
        TestDatabase db;

        @BeforeParameterizedClassInvocation
        static void createTable(TestDatabase db) {
            db.execute(StandardSql.on(db, "CREATE TABLE \"t\" (\"id\" INT)"));
            databases.add(name(db));
        }

        @AfterParameterizedClassInvocation
        static void countRows(TestDatabase db) {
            rowsAtTheEnd.add(db.countRows("t"));
        }

        @Test
        void one() {
            db.execute(StandardSql.on(db, "INSERT INTO \"t\" VALUES (1)"));
        }

        @Test
        void two() {
            db.execute(StandardSql.on(db, "INSERT INTO \"t\" VALUES (2)"));
        }
    }

    private static void restore(String value) {
        if (value == null) {
            System.clearProperty(DatabaseKind.MATRIX_PROPERTY);
        } else {
            System.setProperty(DatabaseKind.MATRIX_PROPERTY, value);
        }
    }
}
