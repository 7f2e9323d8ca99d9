package dev.tortoise.bench;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mariadb.r2dbc.MariadbConnectionFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.r2dbc.dialect.MySqlDialect;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;

/**
 * MariaDB through r2dbc-mariadb: a run's tables live in a fresh database ({@code CREATE DATABASE bench_...}),
 * reached through the {@code database} option. Its driver has no {@code OffsetDateTime} codec, so every
 * contender keeps timestamps as UTC wall time in {@code DATETIME(6)} (Tortoise's MariaDB dialect does so itself;
 * Spring Data gets converters, raw converts by hand).
 */
final class MariaDb implements BenchDatabase {
    private final MariaDbSql sql = new MariaDbSql();

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public String title() {
        return "MariaDB";
    }

    @Override
    public String defaultUrl() {
        return "r2dbc:mariadb://root@127.0.0.1:3306";
    }

    @Override
    public String createScratch(String scratch) {
        return "CREATE DATABASE " + scratch + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    }

    @Override
    public String dropScratch(String scratch) {
        return "DROP DATABASE " + scratch;
    }

    @Override
    public ConnectionFactoryOptions scratchOptions(ConnectionFactoryOptions base, String scratch, boolean forceBinary) {
        return ConnectionFactoryOptions.builder().from(base).option(ConnectionFactoryOptions.DATABASE, scratch).build();
    }

    @Override
    public RawSql sql() {
        return sql;
    }

    @Override
    public R2dbcDialect springDialect() {
        return MySqlDialect.INSTANCE;
    }

    @Override
    public List<Object> springConverters(Json json) {
        return List.of(new OffsetToUtcWallTime(), new UtcWallTimeToOffset(), new JsonTextToMap(json));
    }

    @Override
    public Map<String, String> environment(BenchDb db, boolean forceBinary) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("database", "MariaDB " + db.query("SELECT VERSION()").get(0).get(0));
        StringBuilder settings = new StringBuilder();
        for (String name : List.of("innodb_buffer_pool_size", "innodb_flush_log_at_trx_commit", "sync_binlog",
                "log_bin", "max_connections", "tx_isolation")) {
            settings.append(settings.length() == 0 ? "" : ", ").append(name).append('=')
                    .append(db.query("SELECT @@" + name).get(0).get(0));
        }
        env.put("database settings", settings.toString());
        env.put("driver", "r2dbc-mariadb " + BenchmarkMain.pkgVersion(MariadbConnectionFactory.class)
                + " (text protocol: useServerPrepStmts=false, default)");
        return env;
    }

    /** Spring Data writes a timestamp as its UTC wall time, as Tortoise's dialect does. */
    @WritingConverter
    static final class OffsetToUtcWallTime implements Converter<OffsetDateTime, LocalDateTime> {
        @Override
        public LocalDateTime convert(OffsetDateTime source) {
            return source.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
    }

    /** Spring Data reads a {@code DATETIME} as a UTC instant. */
    @ReadingConverter
    static final class UtcWallTimeToOffset implements Converter<LocalDateTime, OffsetDateTime> {
        @Override
        public OffsetDateTime convert(LocalDateTime source) {
            return source.atOffset(ZoneOffset.UTC);
        }
    }

    /** Reads JSON columns (text on MariaDB) into maps with the shared mapper, as the other contenders do. */
    @ReadingConverter
    static final class JsonTextToMap implements Converter<String, Map<String, Object>> {
        private final Json json;

        JsonTextToMap(Json json) {
            this.json = json;
        }

        @Override
        public Map<String, Object> convert(String source) {
            return json.read(source);
        }
    }
}
