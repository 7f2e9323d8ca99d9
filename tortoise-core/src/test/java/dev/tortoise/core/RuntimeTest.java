package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.core.scan.Album;
import dev.tortoise.core.scan.sub.Track;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.DBConnectionError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.execution.Database;
import dev.tortoise.execution.PoolSettings;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The runtime: init from every config form, URLs, scanning, schema generation, describe, close, pools. */
class RuntimeTest {
    static final String SCAN = "dev.tortoise.core.scan";
    private static final String PG = "postgres://postgres@" + DatabaseKind.POSTGRES.host() + ":" + DatabaseKind.POSTGRES.port() + "/test";

    /** Creates the scanned tables, writes and reads a row, and closes the runtime. */
    private static void exercise(Tortoise t) {
        try {
            t.generateSchemas(true).block(Env.TIMEOUT);
            Album a = t.of(Album.class).create("title", "Blue", "year", 1971).block(Env.TIMEOUT);
            assertThat(a.id).isEqualTo(1);
            StepVerifier.create(t.of(Album.class).filter("title", "Blue").valuesList(true, "year"))
                    .expectNext(1971).expectComplete().verify(Env.TIMEOUT);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @Test
    void initFromUrlAndModulesScansThePackagesAndSqliteMemoryIsInMemoryH2() {
        Tortoise t = Tortoise.init("sqlite://:memory:", Map.of("models", List.of(SCAN)));
        assertThat(t.connections().get("default").dialect().name()).isEqualTo("h2");
        assertThat(t.registry().all()).extracting(m -> m.fullName())
                .containsExactlyInAnyOrder("models.Album", "models.Track");
        exercise(t);
    }

    @Test
    void twoInMemoryRuntimesDoNotShareADatabase() {
        Tortoise a = Tortoise.init("sqlite://:memory:", Map.of("models", List.of(SCAN)));
        Tortoise b = Tortoise.init("sqlite://:memory:", Map.of("models", List.of(SCAN)));
        try {
            a.generateSchemas(true).block(Env.TIMEOUT);
            b.generateSchemas(true).block(Env.TIMEOUT);
            a.of(Album.class).create("title", "x", "year", 1).block(Env.TIMEOUT);
            StepVerifier.create(b.of(Album.class).count()).expectNext(0L).expectComplete().verify(Env.TIMEOUT);
        } finally {
            a.close().block(Env.TIMEOUT);
            b.close().block(Env.TIMEOUT);
        }
    }

    @Test
    void anExplicitModelListWorksLikeModels() {
        Tortoise t = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:")
                .appModels("music", List.of(Album.class), null).build());
        assertThat(t.registry().all()).extracting(m -> m.fullName()).containsExactly("music.Album");
        exercise(t);
    }

    @Test
    void aModelClassNameIsAcceptedAsAModule() {
        Tortoise t = Tortoise.init("sqlite://:memory:", Map.of("models", List.of(Album.class.getName())));
        assertThat(t.registry().all()).extracting(m -> m.fullName()).containsExactly("models.Album");
        exercise(t);
    }

    @Test
    void initFromTortoisesDictFormat() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("connections", Map.of("main", "sqlite://:memory:"));
        config.put("apps", Map.of("music", Map.of("models", List.of(SCAN), "default_connection", "main")));
        config.put("use_tz", true);
        config.put("timezone", "Europe/Paris");
        Tortoise t = Tortoise.init(config);
        assertThat(t.config().useTz()).isTrue();
        assertThat(t.config().timezone().getId()).isEqualTo("Europe/Paris");
        assertThat(t.registry().meta(Album.class).connectionName()).isEqualTo("main");
        assertThat(t.registry().meta(Album.class).fullName()).isEqualTo("music.Album");
        exercise(t);
    }

    @Test
    void initFromEngineAndCredentials() {
        Map<String, Object> config = Map.of(
                "connections", Map.of("default", Map.of("engine", "tortoise.backends.sqlite",
                        "credentials", Map.of("file_path", ":memory:"))),
                "apps", Map.of("models", Map.of("models", List.of(SCAN))));
        Tortoise t = Tortoise.init(config);
        assertThat(t.connections().get("default").dialect().name()).isEqualTo("h2");
        exercise(t);
    }

    @Test
    void initFromAJsonFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tortoise.json");
        Files.writeString(file, """
                {"connections": {"default": "sqlite://:memory:"},
                 "apps": {"models": {"models": ["%s"], "default_connection": "default"}},
                 "use_tz": false, "timezone": "Asia/Tokyo"}
                """.formatted(SCAN));
        TortoiseConfig config = TortoiseConfig.fromFile(file);
        assertThat(config.timezone().getId()).isEqualTo("Asia/Tokyo");
        assertThat(config.apps().get("models").packages()).containsExactly(SCAN);
        exercise(Tortoise.init(config));
    }

    @Test
    void initFromAYamlFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tortoise.yaml");
        Files.writeString(file, """
                connections:
                  default: "sqlite://:memory:"
                apps:
                  models:
                    models:
                      - %s
                    default_connection: default
                use_tz: true
                """.formatted(SCAN));
        TortoiseConfig config = TortoiseConfig.fromFile(file);
        assertThat(config.useTz()).isTrue();
        exercise(Tortoise.init(config));
    }

    @Test
    void aConfigFileWithAnUnknownExtensionIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tortoise.toml");
        Files.writeString(file, "x = 1");
        assertThatThrownBy(() -> TortoiseConfig.fromFile(file)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Unknown config extension tortoise.toml, only .yml, .yaml and .json are supported");
    }

    @Test
    void aTortoiseStylePostgresUrlConnects() {
        DatabaseKind.POSTGRES.assumeReachable();
        String schema = "tt_url_" + Long.toHexString(System.nanoTime());
        DatabaseKind.POSTGRES.admin("CREATE SCHEMA " + schema);
        try {
            Tortoise t = Tortoise.init(PG + "?schema=" + schema + "&minsize=1&maxsize=2",
                    Map.of("models", List.of(SCAN)));
            assertThat(t.connections().get("default").dialect().name()).isEqualTo("postgres");
            assertThat(((ConnectionPool) t.connections().get("default").factory()).getMetrics().orElseThrow()
                    .getMaxAllocatedSize()).isEqualTo(2);
            exercise(t);
        } finally {
            DatabaseKind.POSTGRES.admin("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void unquotedIdentifiersInApplicationSqlWorkOnSqliteStyleH2AsOnPostgres() {
        Tortoise t = Tortoise.init("sqlite://:memory:", Map.of("models", List.of(SCAN)));
        try {
            t.generateSchemas(true).block(Env.TIMEOUT);
            t.of(Album.class).create("title", "Blue", "year", 1971).block(Env.TIMEOUT);
            StepVerifier.create(t.of(Album.class).raw("SELECT * FROM album WHERE title = $1", "Blue").map(a -> a.year))
                    .expectNext(1971).expectComplete().verify(Env.TIMEOUT);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @Test
    void eachAppUsesItsDefaultConnectionAndUsingDbOverridesIt() {
        Tortoise t = Tortoise.init(TortoiseConfig.builder()
                .connection("first", "sqlite://:memory:")
                .connection("second", "sqlite://:memory:")
                .appModels("music", List.of(Album.class), "first")
                .appModels("tracks", List.of(Track.class), "second")
                .build());
        try {
            assertThat(t.getSchemaSql("first", false)).contains("CREATE TABLE \"album\"").doesNotContain("track");
            assertThat(t.getSchemaSql("second", false)).contains("CREATE TABLE \"track\"").doesNotContain("album");
            t.generateSchemas(false).block(Env.TIMEOUT);
            t.of(Album.class).create("title", "Blue", "year", 1971).block(Env.TIMEOUT);
            t.of(Track.class).create("name", "River").block(Env.TIMEOUT);
            StepVerifier.create(t.of(Album.class).count()).expectNext(1L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(t.of(Track.class).valuesList(true, "name")).expectNext("River").expectComplete()
                    .verify(Env.TIMEOUT);
            // The album table exists only on "first": routing the query to "second" fails there.
            StepVerifier.create(t.of(Album.class).usingDb("second").count())
                    .expectError(OperationalError.class).verify(Env.TIMEOUT);
            StepVerifier.create(t.of(Album.class).usingDb("third").count())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ConfigurationError.class)
                            .hasMessage("Unknown connection \"third\"; connections: [first, second]"))
                    .verify(Env.TIMEOUT);
            assertThatThrownBy(() -> Tortoise.init(TortoiseConfig.builder()
                    .connection("first", "sqlite://:memory:").connection("second", "sqlite://:memory:")
                    .appModels("music", List.of(Album.class), null).build()))
                    .isExactlyInstanceOf(ConfigurationError.class)
                    .hasMessage("App \"music\" needs a default_connection: there are several connections [first, "
                            + "second]");
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @Test
    void anR2dbcUrlIsAcceptedAsIs() {
        Tortoise t = Tortoise.init("r2dbc:h2:mem:///runtime_r2dbc_url?options=DB_CLOSE_DELAY=-1",
                Map.of("models", List.of(SCAN)));
        assertThat(t.connections().get("default").dialect().name()).isEqualTo("h2");
        exercise(t);
    }

    @Test
    void urlAndConfigErrorsAreConfigurationErrorsWithTortoisesMessages() {
        Map<String, List<String>> modules = Map.of("models", List.of(SCAN));
        assertThatThrownBy(() -> Tortoise.init("mysql2://u@h/db", modules))
                .isExactlyInstanceOf(ConfigurationError.class).hasMessage("Unknown DB scheme: mysql2");
        assertThatThrownBy(() -> Tortoise.init("postgres://u@host:port/db", modules))
                .isExactlyInstanceOf(ConfigurationError.class).hasMessage("Port is not an integer");
        assertThatThrownBy(() -> Tortoise.init("sqlite://", modules))
                .isExactlyInstanceOf(ConfigurationError.class).hasMessage("No path specified for DB_URL");
        assertThatThrownBy(() -> Tortoise.init(Map.of("apps", Map.of("models", Map.of("models", List.of(SCAN))))))
                .isExactlyInstanceOf(ConfigurationError.class).hasMessage("Config must define \"connections\" section");
        assertThatThrownBy(() -> Tortoise.init(Map.of("connections", Map.of("default", "sqlite://:memory:"))))
                .isExactlyInstanceOf(ConfigurationError.class).hasMessage("Config must define \"apps\" section");
        assertThatThrownBy(() -> Tortoise.init(Map.of("connections", Map.of("default", "sqlite://:memory:"),
                "apps", Map.of("models", Map.of("models", List.of(SCAN), "default_connection", "other")))))
                .isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Unknown connection \"other\" for app \"models\"");
        assertThatThrownBy(() -> Tortoise.init("sqlite://:memory:", Map.of("models", List.of("no.such.pkg"))))
                .isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Module \"no.such.pkg\" not found (app \"models\")");
        assertThatThrownBy(() -> Tortoise.init("sqlite://:memory:", Map.of()))
                .isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("You must specify \"db_url\" and \"modules\" together");
    }

    // ------------------------------------------------------------------ schema generation

    private static Tortoise offline(String url) {
        return Tortoise.init(TortoiseConfig.builder().connection("default", url)
                .appModels("models", List.of(Album.class, Track.class), null).build());
    }

    @Test
    void schemaSqlOnPostgres() {
        Tortoise t = offline("postgres://u@localhost:5432/nowhere");
        try {
            assertThat(t.getSchemaSql("default", true)).isEqualTo("""
                    CREATE TABLE IF NOT EXISTS "album" ("id" SERIAL NOT NULL PRIMARY KEY, "title" VARCHAR(100) NOT NULL, "year" INT NOT NULL, "isrc" VARCHAR(12) UNIQUE, CONSTRAINT "uid_album_title_f9321d" UNIQUE ("title","year"));
                    CREATE INDEX IF NOT EXISTS "idx_album_year_34eea1" ON "album" ("year");
                    CREATE INDEX IF NOT EXISTS "idx_album_year_0fa3d0" ON "album" ("year","title");
                    COMMENT ON TABLE "album" IS 'Albums';
                    COMMENT ON COLUMN "album"."title" IS 'The title';
                    CREATE TABLE IF NOT EXISTS "track" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(50) NOT NULL, "length" BIGINT);
                    """);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @Test
    void schemaSqlOnH2() {
        Tortoise t = offline("sqlite://:memory:");
        try {
            assertThat(t.getSchemaSql("default", false)).isEqualTo("""
                    CREATE TABLE "album" ("id" INT GENERATED BY DEFAULT AS IDENTITY NOT NULL PRIMARY KEY, "title" VARCHAR(100) NOT NULL, "year" INT NOT NULL, "isrc" VARCHAR(12) UNIQUE, CONSTRAINT "uid_album_title_f9321d" UNIQUE ("title","year"));
                    CREATE INDEX "idx_album_year_34eea1" ON "album" ("year");
                    CREATE INDEX "idx_album_year_0fa3d0" ON "album" ("year","title");
                    COMMENT ON TABLE "album" IS 'Albums';
                    COMMENT ON COLUMN "album"."title" IS 'The title';
                    CREATE TABLE "track" ("id" INT GENERATED BY DEFAULT AS IDENTITY NOT NULL PRIMARY KEY, "name" VARCHAR(50) NOT NULL, "length" BIGINT);
                    """);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void generateSchemasCreatesTablesIndexesAndConstraintsAndSafeModeCanRunTwice(DatabaseKind db) {
        try (Env env = Env.start(db, b -> b.models(Album.class, Track.class))) {
            env.tortoise().generateSchemas(true).block(Env.TIMEOUT);
            String indexQuery = switch (db) {
                case POSTGRES -> "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'album' ORDER BY indexname";
                case MARIADB -> "SELECT DISTINCT INDEX_NAME AS name FROM INFORMATION_SCHEMA.STATISTICS WHERE TABLE_SCHEMA = "
                        + "DATABASE() AND TABLE_NAME = 'album' ORDER BY INDEX_NAME";
                default -> "SELECT INDEX_NAME AS name FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'album' "
                        + "ORDER BY INDEX_NAME";
            };
            assertThat(env.query(indexQuery)).extracting(r -> (String) r.get("name"))
                    .contains("idx_album_year_34eea1", "idx_album_year_0fa3d0")
                    .anySatisfy(n -> assertThat(n).startsWith("uid_album_title_f9321d"));
            StepVerifier.create(env.tortoise().generateSchemas(false))
                    .expectError(OperationalError.class).verify(Env.TIMEOUT);
        }
    }

    @Test
    void describeModelsReturnsTortoisesDescribeShape() {
        Tortoise t = offline("sqlite://:memory:");
        try {
            Map<String, Object> all = t.describeModels();
            assertThat(all).containsOnlyKeys("models.Album", "models.Track");
            @SuppressWarnings("unchecked")
            Map<String, Object> track = (Map<String, Object>) all.get("models.Track");
            Map<String, Object> pk = map("name", "id", "field_type", "IntField", "db_column", "id",
                    "python_type", "int", "generated", true, "nullable", false, "unique", true, "indexed", true,
                    "default", null, "description", null, "docstring", null,
                    "constraints", map("ge", 1, "le", 2147483647),
                    "db_field_types", map("postgres", "INT", "h2", "INT", "mariadb", "INT"));
            Map<String, Object> name = map("name", "name", "field_type", "CharField", "db_column", "name",
                    "python_type", "str", "generated", false, "nullable", false, "unique", false, "indexed", false,
                    "default", null, "description", null, "docstring", null, "constraints", map("max_length", 50),
                    "db_field_types", map("postgres", "VARCHAR(50)", "h2", "VARCHAR(50)", "mariadb", "VARCHAR(50)"));
            Map<String, Object> length = map("name", "length", "field_type", "TimeDeltaField", "db_column", "length",
                    "python_type", "datetime.timedelta", "generated", false, "nullable", true, "unique", false,
                    "indexed", false, "default", null, "description", null, "docstring", null, "constraints", map(),
                    "db_field_types", map("postgres", "BIGINT", "h2", "BIGINT", "mariadb", "BIGINT"));
            assertThat(track).isEqualTo(map("name", "models.Track", "app", "models", "table", "track",
                    "abstract", false, "description", null, "docstring", null, "unique_together", List.of(),
                    "indexes", List.of(), "pk_field", pk, "data_fields", List.of(name, length), "fk_fields", List.of(),
                    "backward_fk_fields", List.of(), "o2o_fields", List.of(), "backward_o2o_fields", List.of(),
                    "m2m_fields", List.of()));
            assertThat(track.keySet()).containsExactly("name", "app", "table", "abstract", "description",
                    "docstring", "unique_together", "indexes", "pk_field", "data_fields", "fk_fields",
                    "backward_fk_fields", "o2o_fields", "backward_o2o_fields", "m2m_fields");
            @SuppressWarnings("unchecked")
            Map<String, Object> album = (Map<String, Object>) all.get("models.Album");
            assertThat(album.get("description")).isEqualTo("Albums");
            assertThat(album.get("unique_together")).isEqualTo(List.of(List.of("title", "year")));
            assertThat(album.get("indexes")).isEqualTo(List.of(List.of("year", "title")));
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------ close and pools

    @Test
    void closeDisposesThePoolAndTheRuntimeRefusesFurtherWork() {
        Tortoise t = Tortoise.init("sqlite://:memory:", Map.of("models", List.of(SCAN)));
        t.generateSchemas(true).block(Env.TIMEOUT);
        ConnectionPool pool = (ConnectionPool) t.connections().get("default").factory();
        assertThat(pool.isDisposed()).isFalse();
        t.close().block(Env.TIMEOUT);
        assertThat(pool.isDisposed()).isTrue();
        assertThatThrownBy(() -> t.of(Album.class)).isExactlyInstanceOf(OperationalError.class)
                .hasMessage("This Tortoise runtime is closed");
        t.close().block(Env.TIMEOUT);
    }

    @Test
    void poolTimeoutsAreFiniteByDefault() {
        PoolSettings d = PoolSettings.DEFAULTS;
        assertThat(d.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.createTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.validationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.maxIdleTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.initialSize()).isEqualTo(1);
        assertThat(d.maxSize()).isEqualTo(10);
    }

    @Test
    void anExhaustedPoolFailsAfterTheAcquireTimeoutSetInTheUrl() {
        Tortoise t = Tortoise.init("sqlite://:memory:?minsize=1&maxsize=1&acquire_timeout=0.3",
                Map.of("models", List.of(SCAN)));
        try {
            t.generateSchemas(true).block(Env.TIMEOUT);
            Database db = t.connections().get("default");
            assertThat(((ConnectionPool) db.factory()).getMetrics().orElseThrow().getMaxAllocatedSize())
                    .isEqualTo(1);
            Connection held = Mono.from(db.factory().create()).block(Env.TIMEOUT);
            try {
                long start = System.nanoTime();
                StepVerifier.create(t.of(Album.class).count())
                        .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(DBConnectionError.class)
                                .hasMessage("Connection acquisition timed out after 300ms"))
                        .verify(Env.TIMEOUT);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            } finally {
                Mono.from(held.close()).block(Env.TIMEOUT);
            }
            StepVerifier.create(t.of(Album.class).count()).expectNext(0L).expectComplete().verify(Env.TIMEOUT);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @Test
    void poolDefaultsCanBeOverriddenInTheConfig() {
        PoolSettings small = PoolSettings.DEFAULTS.withSizes(0, 3).withAcquireTimeout(Duration.ofSeconds(2));
        Tortoise t = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:")
                .poolDefaults(small).appModels("models", List.<Class<? extends Model>>of(Album.class), null).build());
        try {
            assertThat(t.config().poolDefaults()).isEqualTo(small);
            assertThat(((ConnectionPool) t.connections().get("default").factory()).getMetrics().orElseThrow()
                    .getMaxAllocatedSize()).isEqualTo(3);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }
}
