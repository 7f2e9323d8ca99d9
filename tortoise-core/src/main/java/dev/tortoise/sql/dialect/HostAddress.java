package dev.tortoise.sql.dialect;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The parts of a server URL's location ({@code user:pass@host:port/database}), decoded, for the
 * providers of client-server databases. Missing parts are null; a missing host is
 * {@code localhost} and a missing port the given default.
 */
public record HostAddress(String user, String password, String host, String port, String database) {

    /**
     * Parses the part of a URL between {@code scheme://} and {@code ?}.
     *
     * @throws IllegalArgumentException when it is not a valid URI authority and path
     */
    public static HostAddress parse(String location, int defaultPort) {
        URI uri;
        try {
            uri = URI.create("db://" + location);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid database URL: " + e.getMessage(), e);
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        String userInfo = null;
        String hostPort = authority;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            userInfo = authority.substring(0, at);
            hostPort = authority.substring(at + 1);
        }
        String host = hostPort;
        String port = String.valueOf(defaultPort);
        int pc = hostPort.lastIndexOf(':');
        if (pc >= 0) {
            host = hostPort.substring(0, pc);
            port = hostPort.substring(pc + 1);
        }
        String user = null;
        String password = null;
        if (userInfo != null) {
            String[] up = userInfo.split(":", 2);
            user = decode(up[0]);
            if (up.length > 1 && !up[1].isEmpty()) {
                password = decode(up[1]);
            }
        }
        String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new HostAddress(user, password, host.isEmpty() ? "localhost" : host, port,
                db.isEmpty() ? null : decode(db));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
