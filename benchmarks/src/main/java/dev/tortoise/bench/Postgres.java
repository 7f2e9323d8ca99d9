package dev.tortoise.bench;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;

/** PostgreSQL through r2dbc-postgresql: a run's tables live in a fresh schema, reached through the driver's {@code schema} option. */
final class Postgres implements BenchDatabase {
    private static final Option<String> SCHEMA = Option.valueOf("schema");
    private static final Option<Object> FORCE_BINARY = Option.valueOf("forceBinary");
    private final PostgresSql sql = new PostgresSql();

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String title() {
        return "PostgreSQL";
    }

    @Override
    public String defaultUrl() {
        return "r2dbc:postgresql://postgres@127.0.0.1:5432/test";
    }

    @Override
    public String createScratch(String scratch) {
        return "CREATE SCHEMA " + scratch;
    }

    @Override
    public String dropScratch(String scratch) {
        return "DROP SCHEMA " + scratch + " CASCADE";
    }

    @Override
    public ConnectionFactoryOptions scratchOptions(ConnectionFactoryOptions base, String scratch, boolean forceBinary) {
        return ConnectionFactoryOptions.builder().from(base).option(SCHEMA, scratch)
                .option(FORCE_BINARY, forceBinary).build();
    }

    @Override
    public RawSql sql() {
        return sql;
    }

    @Override
    public R2dbcDialect springDialect() {
        return PostgresDialect.INSTANCE;
    }

    @Override
    public List<Object> springConverters(Json json) {
        return List.of(new JsonToMap(json));
    }

    @Override
    public Map<String, String> environment(BenchDb db, boolean forceBinary) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("database", String.valueOf(db.query("SELECT version()").get(0).get(0)));
        StringBuilder settings = new StringBuilder();
        for (String name : List.of("shared_buffers", "work_mem", "synchronous_commit", "fsync", "max_connections",
                "jit")) {
            settings.append(settings.length() == 0 ? "" : ", ").append(name).append('=')
                    .append(db.query("SHOW " + name).get(0).get(0));
        }
        env.put("database settings", settings.toString());
        env.put("driver", "r2dbc-postgresql " + BenchmarkMain.pkgVersion(PostgresqlConnectionFactory.class)
                + ", forceBinary=" + forceBinary + ", preparedStatementCacheQueries=-1 (default)");
        return env;
    }

    /** Reads jsonb columns into maps with the shared mapper, as the other contenders do. */
    @ReadingConverter
    static final class JsonToMap implements Converter<io.r2dbc.postgresql.codec.Json, Map<String, Object>> {
        private final Json json;

        JsonToMap(Json json) {
            this.json = json;
        }

        @Override
        public Map<String, Object> convert(io.r2dbc.postgresql.codec.Json source) {
            return json.read(source.asString());
        }
    }
}
