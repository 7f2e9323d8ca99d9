package dev.tortoise.autoconfigure;

import dev.tortoise.TortoiseConfig.ConnectionSpec;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Derives the JDBC URL Flyway uses from a Tortoise connection: {@code r2dbc:postgresql://u@h:5432/db?schema=s}
 * and {@code postgres://u:p@h:5432/db?schema=s} give {@code jdbc:postgresql://h:5432/db?currentSchema=s};
 * in-memory H2 ({@code r2dbc:h2:mem:///name}, {@code sqlite://mem:name}) gives {@code jdbc:h2:mem:name}, the
 * same in-process database.
 */
final class JdbcUrls {

    /** A JDBC URL with its credentials. */
    record Jdbc(String url, String user, String password) {
    }

    private JdbcUrls() {
    }

    /** The JDBC form of a connection, or null when it cannot be derived (a bare ConnectionFactory). */
    static Jdbc of(ConnectionSpec spec) {
        if (spec.url() != null) {
            return ofUrl(spec.url());
        }
        if (spec.engine() != null) {
            Map<String, Object> c = spec.credentials();
            String e = spec.engine().toLowerCase(Locale.ROOT);
            if (e.endsWith("sqlite") || e.equals("h2")) {
                String db = String.valueOf(c.getOrDefault("database", ""));
                return db.startsWith("mem:") ? new Jdbc("jdbc:h2:" + db + ";DB_CLOSE_DELAY=-1", "", "") : null;
            }
            return new Jdbc("jdbc:postgresql://" + c.getOrDefault("host", "localhost") + ":"
                    + c.getOrDefault("port", 5432) + "/" + c.getOrDefault("database", "")
                    + (c.get("schema") == null ? "" : "?currentSchema=" + c.get("schema")), str(c.get("user")),
                    str(c.get("password")));
        }
        return null;
    }

    static Jdbc ofUrl(String url) {
        if (url.startsWith("r2dbc:")) {
            ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(url);
            String driver = String.valueOf(o.getValue(ConnectionFactoryOptions.DRIVER));
            String protocol = str(o.getValue(ConnectionFactoryOptions.PROTOCOL));
            if ("pool".equals(driver) && protocol != null) {
                String[] parts = protocol.split(":", 2);
                driver = parts[0];
                protocol = parts.length > 1 ? parts[1] : null;
            }
            String database = str(o.getValue(ConnectionFactoryOptions.DATABASE));
            if (driver.equals("h2")) {
                String user = o.getValue(ConnectionFactoryOptions.USER) == null ? ""
                        : str(o.getValue(ConnectionFactoryOptions.USER));
                String pw = password(o) == null ? "" : password(o);
                if ("mem".equals(protocol)) {
                    return new Jdbc("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1", user, pw);
                }
                return new Jdbc("jdbc:h2:" + protocol + ":" + database, user, pw);
            }
            if (driver.startsWith("postgres")) {
                Object port = o.getValue(ConnectionFactoryOptions.PORT);
                String schema = str(o.getValue(Option.valueOf("schema")));
                return new Jdbc("jdbc:postgresql://" + o.getValue(ConnectionFactoryOptions.HOST) + ":"
                        + (port == null ? 5432 : port) + "/" + (database == null ? "" : database)
                        + (schema == null ? "" : "?currentSchema=" + schema),
                        str(o.getValue(ConnectionFactoryOptions.USER)), password(o));
            }
            return null;
        }
        int sep = url.indexOf("://");
        if (sep < 0) {
            return null;
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = url.substring(sep + 3);
        if (scheme.equals("sqlite") || scheme.equals("h2")) {
            String path = rest.split("\\?")[0];
            return path.startsWith("mem:") ? new Jdbc("jdbc:h2:" + path + ";DB_CLOSE_DELAY=-1", "", "") : null;
        }
        URI uri = URI.create("postgres://" + rest);
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] up = uri.getRawUserInfo().split(":", 2);
            user = decode(up[0]);
            password = up.length > 1 ? decode(up[1]) : null;
        }
        String schema = null;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.startsWith("schema=")) {
                    schema = decode(pair.substring(7));
                }
            }
        }
        return new Jdbc("jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort())
                + uri.getPath() + (schema == null ? "" : "?currentSchema=" + schema), user, password);
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
