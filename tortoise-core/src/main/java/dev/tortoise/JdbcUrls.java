package dev.tortoise;

import dev.tortoise.TortoiseConfig.ConnectionSpec;
import dev.tortoise.sql.dialect.ConnectionTarget;
import dev.tortoise.sql.dialect.DialectProvider;
import dev.tortoise.sql.dialect.Dialects;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Derives the JDBC URL of a Tortoise connection, for JDBC tools (the starter's Flyway, the migrations and
 * their Maven plugin), through the {@link DialectProvider} of its
 * database ({@link DialectProvider#jdbcUrl}): {@code r2dbc:postgresql://u@h:5432/db?schema=s} and
 * {@code postgres://u:p@h:5432/db?schema=s} give {@code jdbc:postgresql://h:5432/db?currentSchema=s};
 * in-memory H2 ({@code r2dbc:h2:mem:///name}, {@code sqlite://mem:name}) gives {@code jdbc:h2:mem:name}, the
 * same in-process database; {@code mysql://u:p@h:3306/db} gives {@code jdbc:mariadb://h:3306/db}.
 */
public final class JdbcUrls {

    /** A JDBC URL with its credentials. */
    public record Jdbc(String url, String user, String password) {
    }

    private JdbcUrls() {
    }

    /** The JDBC form of a connection, or null when it cannot be derived (a bare ConnectionFactory). */
    public static Jdbc of(ConnectionSpec spec) {
        if (spec.url() != null) {
            return ofUrl(spec.url());
        }
        if (spec.engine() != null) {
            Optional<DialectProvider> provider = Dialects.forEngine(spec.engine().toLowerCase(Locale.ROOT));
            if (provider.isEmpty()) {
                return null;
            }
            Map<String, String> credentials = new LinkedHashMap<>();
            spec.credentials().forEach((k, v) -> credentials.put(k, v == null ? null : String.valueOf(v)));
            return of(provider.get(), provider.get().credentialsTarget(credentials));
        }
        return null;
    }

    /** The JDBC form of a Tortoise or R2DBC URL, or null when its database has none or the URL is not one. */
    public static Jdbc ofUrl(String url) {
        try {
            if (url.startsWith("r2dbc:")) {
                ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(url);
                String driver = String.valueOf(o.getValue(ConnectionFactoryOptions.DRIVER));
                if ("pool".equals(driver) && o.getValue(ConnectionFactoryOptions.PROTOCOL) != null) {
                    String[] parts = String.valueOf(o.getValue(ConnectionFactoryOptions.PROTOCOL)).split(":", 2);
                    o = o.mutate().option(ConnectionFactoryOptions.DRIVER, parts[0])
                            .option(ConnectionFactoryOptions.PROTOCOL, parts.length > 1 ? parts[1] : "").build();
                    driver = parts[0];
                }
                return of(Dialects.forName(driver), o);
            }
            int sep = url.indexOf("://");
            if (sep < 0) {
                return null;
            }
            String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
            Optional<DialectProvider> provider = Dialects.forUrlScheme(scheme);
            if (provider.isEmpty()) {
                return null;
            }
            String location = url.substring(sep + 3);
            Map<String, String> params = new LinkedHashMap<>();
            int q = location.indexOf('?');
            if (q >= 0) {
                for (String pair : location.substring(q + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                    }
                }
                location = location.substring(0, q);
            }
            return of(provider.get(), provider.get().urlTarget(scheme, location, params));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The provider's JDBC form of a connection target: its R2DBC URL parsed, its options on top. */
    private static Jdbc of(DialectProvider provider, ConnectionTarget target) {
        ConnectionFactoryOptions.Builder b = target.r2dbcUrl() == null ? ConnectionFactoryOptions.builder()
                : ConnectionFactoryOptions.parse(target.r2dbcUrl()).mutate();
        target.options().forEach((k, v) -> b.option(Option.valueOf(k), v));
        return of(provider, b.build());
    }

    private static Jdbc of(DialectProvider provider, ConnectionFactoryOptions o) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String name : List.of("schema", "currentSchema")) {
            Object v = o.getValue(Option.valueOf(name));
            if (v != null) {
                options.put(name, v.toString());
            }
        }
        Object port = o.getValue(ConnectionFactoryOptions.PORT);
        String url = provider.jdbcUrl(str(o.getValue(ConnectionFactoryOptions.PROTOCOL)),
                str(o.getValue(ConnectionFactoryOptions.HOST)), port == null ? null : port.toString(),
                str(o.getValue(ConnectionFactoryOptions.DATABASE)), options);
        if (url == null) {
            return null;
        }
        String user = str(o.getValue(ConnectionFactoryOptions.USER));
        String password = password(o);
        if (url.startsWith("jdbc:h2:")) {
            // H2's JDBC driver wants empty strings rather than no credentials.
            return new Jdbc(url, user == null ? "" : user, password == null ? "" : password);
        }
        return new Jdbc(url, user, password);
    }

    private static String password(ConnectionFactoryOptions o) {
        Object p = o.getValue(ConnectionFactoryOptions.PASSWORD);
        return p == null ? null : p.toString();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
