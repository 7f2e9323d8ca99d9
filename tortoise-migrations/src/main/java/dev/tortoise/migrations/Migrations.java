package dev.tortoise.migrations;

import dev.tortoise.Tortoise;
import dev.tortoise.field.FieldContext;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.ModelRegistry;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.DialectProvider;
import dev.tortoise.sql.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * aerich's commands over a migrations directory, without Spring: {@link #makemigrations} diffs the
 * models against the last migration's state file and writes the next Flyway migration per database
 * with its down script; {@link #upgrade}, {@link #downgrade}, {@link #history}, {@link #heads},
 * {@link #sqlmigrate} and {@link #initDb} work on a database through JDBC.
 *
 * <p>Layout under the directory (by default {@code src/main/resources/db/migration}):
 * {@code <vendor>/V<n>__<name>.sql} (Flyway's {@code {vendor}} folders: {@code h2}, {@code postgresql},
 * {@code mariadb}: each dialect provider's {@link DialectProvider#migrationVendor()}),
 * {@code down/<vendor>/D<n>__<name>.sql} (names Flyway ignores) and {@code state/V<n>__<name>.json}.
 * Point Flyway at {@code classpath:db/migration/{vendor}}.
 */
public final class Migrations {
    /**
     * The Flyway vendor folders written by default: every database on the class path, each named by its
     * dialect provider ({@link DialectProvider#migrationVendor()}: {@code postgresql}, {@code h2},
     * {@code mariadb}), in the order the providers are registered.
     */
    public static final List<String> DEFAULT_VENDORS = Dialects.providers().stream()
            .map(DialectProvider::migrationVendor).toList();
    private static final Pattern STATE = Pattern.compile("V(\\d+)__(.+)\\.json");

    private final Path directory;
    private final Collection<ModelMeta> models;
    private final List<String> vendors;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String historyTable;

    private Migrations(Builder b) {
        this.directory = b.directory;
        this.models = b.models;
        this.vendors = List.copyOf(b.vendors);
        this.jdbcUrl = b.jdbcUrl;
        this.user = b.user;
        this.password = b.password;
        this.historyTable = b.historyTable;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings of a {@link Migrations}. */
    public static final class Builder {
        private Path directory = Path.of("src/main/resources/db/migration");
        private Collection<ModelMeta> models = List.of();
        private List<String> vendors = DEFAULT_VENDORS;
        private String jdbcUrl;
        private String user;
        private String password;
        private String historyTable = "flyway_schema_history";

        /** The migrations directory (holding the vendor folders). */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** The models whose tables the migrations keep. */
        public Builder models(Collection<ModelMeta> models) {
            this.models = List.copyOf(models);
            return this;
        }

        /** The models of a runtime (its registry). */
        public Builder models(Tortoise tortoise) {
            return models(tortoise.registry().all());
        }

        /** The models given as classes, parsed as one app. */
        @SafeVarargs
        public final Builder modelClasses(Class<? extends Model>... classes) {
            return models(ModelRegistry.build(Map.of("models", List.of(classes)), FieldContext.defaults()).all());
        }

        /** The Flyway vendor folders to write ({@code h2}, {@code postgresql}, {@code mariadb}). */
        public Builder vendors(List<String> vendors) {
            this.vendors = List.copyOf(vendors);
            return this;
        }

        /** The database to upgrade and downgrade, as a JDBC URL. */
        public Builder jdbc(String url, String user, String password) {
            this.jdbcUrl = url;
            this.user = user;
            this.password = password;
            return this;
        }

        /** Flyway's history table ({@code flyway_schema_history} by default). */
        public Builder historyTable(String table) {
            this.historyTable = table;
            return this;
        }

        public Migrations build() {
            return new Migrations(this);
        }
    }

    // ------------------------------------------------------------------ no database needed

    /** The Flyway vendor folders this writes. */
    public List<String> vendors() {
        return vendors;
    }

    /** The migrations directory. */
    public Path directory() {
        return directory;
    }

    /** The models' state now. */
    public SchemaState modelState() {
        return ModelStates.of(models);
    }

    /** The state recorded by the last migration, or the empty state before the first. */
    public SchemaState lastState() {
        TreeMap<Integer, Path> states = states();
        if (states.isEmpty()) {
            return SchemaState.empty();
        }
        return StateFiles.read(read(states.lastEntry().getValue()));
    }

    /** The operations from the last migration's state to the models (what makemigrations would write). */
    public List<Operation> pending(List<String> renames, boolean allowDataLoss) {
        return Differ.diff(lastState(), modelState(), renames, allowDataLoss);
    }

    /**
     * The differences between the models and the last migration's state, in words; empty when they agree.
     * Renames cannot be told from drops here, and drops are listed (never refused).
     */
    public List<String> drift() {
        return drift(lastState(), models);
    }

    /**
     * The differences between models and a recorded state, in words (empty when they agree), for
     * checks that read the last state from elsewhere (the class path at start-up).
     */
    public static List<String> drift(SchemaState last, Collection<ModelMeta> models) {
        List<String> out = new ArrayList<>();
        try {
            for (Operation op : Differ.diff(last, ModelStates.of(models), List.of(), true)) {
                out.add(op.describe());
            }
        } catch (MigrationError e) {
            out.add(e.getMessage());
        }
        return out;
    }

    /**
     * Writes the next migration from the difference between the last state and the models: per vendor
     * {@code V<n>__<name>.sql} and its down script, and the state file. Empty when nothing changed
     * (unless {@code empty}, which writes a migration with no statements to fill by hand).
     *
     * @param renames rename hints, {@code table:new_table} or {@code table.column:new_column}
     * @throws MigrationError when the change drops data without {@code allowDataLoss}, changes a
     *     primary key, or a hint names nothing
     */
    public Optional<Migration> makemigrations(String name, boolean empty, List<String> renames,
                                              boolean allowDataLoss) {
        SchemaState last = lastState();
        SchemaState now = modelState();
        List<Operation> ops = empty ? List.of() : Differ.diff(last, now, renames, allowDataLoss);
        if (ops.isEmpty() && !empty) {
            return Optional.empty();
        }
        int version = states().isEmpty() ? 1 : states().lastKey() + 1;
        String clean = name == null || name.isBlank() ? (version == 1 ? "init" : "auto") : name.strip();
        clean = clean.replaceAll("[^A-Za-z0-9_]+", "_");
        Migration m = new Migration(version, clean, false);
        List<Operation> down = new ArrayList<>();
        for (int i = ops.size() - 1; i >= 0; i--) {
            down.add(ops.get(i).inverse());
        }
        for (String vendor : vendors) {
            Ddl ddl = new Ddl(dialectFor(vendor));
            String header = "-- " + m.id() + " (" + vendor + "), made by tortoise makemigrations from the models' "
                    + "state in state/" + m.id() + ".json\n";
            write(directory.resolve(vendor).resolve(m.id() + ".sql"), header + ddl.script(ops));
            write(directory.resolve("down").resolve(vendor).resolve("D" + version + "__" + clean + ".sql"),
                    "-- undoes " + m.id() + " (" + vendor + "); run by tortoise downgrade\n" + ddl.script(down));
        }
        write(directory.resolve("state").resolve(m.id() + ".json"), StateFiles.write(empty ? last : now));
        return Optional.of(m);
    }

    /** The SQL of migration {@code version} for a vendor folder ({@code h2}, {@code postgresql}, ...), as written. */
    public String sqlmigrate(int version, String vendor) {
        Migration m = migration(version);
        return read(directory.resolve(vendor).resolve(m.id() + ".sql"));
    }

    /** The migrations on disk, oldest first, each saying whether the database has applied it. */
    public List<Migration> history() {
        java.util.Set<Integer> applied = jdbcUrl == null ? java.util.Set.of() : appliedVersions();
        List<Migration> out = new ArrayList<>();
        for (Migration m : onDisk()) {
            out.add(new Migration(m.version(), m.name(), applied.contains(m.version())));
        }
        return out;
    }

    /** The migrations on disk that the database has not applied yet. */
    public List<Migration> heads() {
        List<Migration> out = new ArrayList<>();
        for (Migration m : history()) {
            if (!m.applied()) {
                out.add(m);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ database

    /** Applies the pending migrations with Flyway; returns how many ran. */
    public int upgrade() {
        return flyway().migrate().migrationsExecuted;
    }

    /**
     * Makes the first migration from the models and applies it, for a project that starts using
     * migrations on an empty database.
     *
     * @throws MigrationError when migrations exist already
     */
    public Migration initDb() {
        if (!states().isEmpty()) {
            throw new MigrationError("Migrations exist already in " + directory + "; run upgrade (or makemigrations "
                    + "for model changes) instead of init-db");
        }
        Migration m = makemigrations("init", false, List.of(), false).orElseThrow(
                () -> new MigrationError("There are no models to migrate"));
        upgrade();
        return new Migration(m.version(), m.name(), true);
    }

    /**
     * Undoes every applied migration above {@code version}, newest first: runs its down script and
     * removes its row from Flyway's history table, all in one transaction (databases whose DDL commits
     * by itself, such as H2, cannot roll back statements that ran before a failure).
     *
     * @return the migrations undone
     */
    public List<Migration> downgrade(int version) {
        List<Migration> undone = new ArrayList<>();
        try (Connection c = connect()) {
            DialectProvider provider = providerOf(c);
            String vendor = provider.migrationVendor();
            Dialect dialect = provider.dialect();
            c.setAutoCommit(false);
            try {
                List<Integer> applied = new ArrayList<>(appliedVersions(c));
                applied.sort(java.util.Comparator.reverseOrder());
                for (int v : applied) {
                    if (v <= version) {
                        break;
                    }
                    Migration m = migration(v);
                    Path down = directory.resolve("down").resolve(vendor).resolve("D" + v + "__" + m.name() + ".sql");
                    try (Statement st = c.createStatement()) {
                        for (String sql : statementsOf(read(down))) {
                            st.execute(sql);
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + dialect.quote(historyTable)
                            + " WHERE " + dialect.quote("version") + " = ?")) {
                        ps.setString(1, String.valueOf(v));
                        ps.executeUpdate();
                    }
                    undone.add(m);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new MigrationError("Downgrade to version " + version + " failed: " + e.getMessage(), e);
        }
        return undone;
    }

    /**
     * aerich's {@code inspectdb}: the sources of model classes for the database's tables (all of them, or those
     * named), by class name; tables without a single-column primary key are listed under {@code "#skipped"}.
     * See {@link Inspectdb}.
     */
    public Map<String, String> inspectdb(String packageName, List<String> tables) {
        try (Connection c = connect()) {
            return Inspectdb.sources(c, packageName, tables, historyTable);
        } catch (SQLException e) {
            throw new MigrationError("Cannot read the tables of " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private Flyway flyway() {
        String url = requireJdbc();
        String vendor;
        try (Connection c = connect()) {
            vendor = providerOf(c).migrationVendor();
        } catch (SQLException e) {
            throw new MigrationError("Cannot connect to " + url + ": " + e.getMessage(), e);
        }
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(url, user, password)
                .table(historyTable)
                .locations("filesystem:" + directory.resolve(vendor).toAbsolutePath())
                .load();
    }

    private java.util.Set<Integer> appliedVersions() {
        try (Connection c = connect()) {
            return appliedVersions(c);
        } catch (SQLException e) {
            throw new MigrationError("Cannot read Flyway's history from " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private java.util.Set<Integer> appliedVersions(Connection c) throws SQLException {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        try (ResultSet tables = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), historyTable, null)) {
            if (!tables.next()) {
                return out;
            }
        }
        Dialect d = providerOf(c).dialect();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + d.quote("version") + " FROM " + d.quote(historyTable)
                     + " WHERE " + d.quote("success") + " AND " + d.quote("version") + " IS NOT NULL")) {
            while (rs.next()) {
                out.add(Integer.parseInt(rs.getString(1)));
            }
        }
        return out;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(requireJdbc(), user, password);
    }

    private String requireJdbc() {
        if (jdbcUrl == null) {
            throw new MigrationError("No database to migrate: give a JDBC URL (tortoise.migrations.jdbc-url)");
        }
        return jdbcUrl;
    }

    /**
     * The provider of the database behind a connection, by the product name its driver reports (each provider
     * lists it among its aliases), so that a database added as a provider needs nothing here.
     */
    static DialectProvider providerOf(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        try {
            return Dialects.forName(product);
        } catch (IllegalArgumentException e) {
            throw new MigrationError("No migrations vendor for the database " + product + " at " + c.getMetaData().getURL()
                    + "; known: " + DEFAULT_VENDORS, e);
        }
    }

    /** The dialect whose DDL a vendor folder holds. */
    private static Dialect dialectFor(String vendor) {
        for (DialectProvider p : Dialects.providers()) {
            if (p.migrationVendor().equals(vendor)) {
                return p.dialect();
            }
        }
        throw new MigrationError("No database writes migrations to the vendor folder '" + vendor + "'; known: "
                + DEFAULT_VENDORS);
    }

    /** The statements of a script as written by {@link Ddl#script}: one per line ending in ';', comments skipped. */
    static List<String> statementsOf(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            if (cur.length() == 0 && line.startsWith("--")) {
                continue;
            }
            cur.append(cur.length() > 0 ? "\n" : "").append(line);
            if (line.endsWith(";")) {
                out.add(cur.substring(0, cur.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString());
        }
        return out;
    }

    private Migration migration(int version) {
        for (Migration m : onDisk()) {
            if (m.version() == version) {
                return m;
            }
        }
        throw new MigrationError("No migration V" + version + " in " + directory.resolve("state"));
    }

    private List<Migration> onDisk() {
        List<Migration> out = new ArrayList<>();
        for (Map.Entry<Integer, Path> e : states().entrySet()) {
            Matcher mm = STATE.matcher(e.getValue().getFileName().toString());
            mm.matches();
            out.add(new Migration(e.getKey(), mm.group(2), false));
        }
        return out;
    }

    private TreeMap<Integer, Path> states() {
        TreeMap<Integer, Path> out = new TreeMap<>();
        Path dir = directory.resolve("state");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                Matcher m = STATE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    Path clash = out.put(Integer.parseInt(m.group(1)), p);
                    if (clash != null) {
                        throw new MigrationError("Two migrations have version " + m.group(1) + ": " + clash + " and " + p);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
