package dev.tortoise.sql.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The databases on the class path: every {@link DialectProvider} that {@link ServiceLoader} finds,
 * looked up by name, URL scheme or engine. Loaded once, in the order the service files list them.
 */
public final class Dialects {
    private static final List<DialectProvider> PROVIDERS = load();

    private Dialects() {
    }

    private static List<DialectProvider> load() {
        List<DialectProvider> out = new ArrayList<>();
        ServiceLoader.load(DialectProvider.class, Dialects.class.getClassLoader()).forEach(out::add);
        return List.copyOf(out);
    }

    /** Every registered provider, in registration order. */
    public static List<DialectProvider> providers() {
        return PROVIDERS;
    }

    /**
     * The provider for a dialect name, R2DBC driver name or reported product name (ignoring case).
     *
     * @throws IllegalArgumentException naming the supported databases when none serves it
     */
    public static DialectProvider forName(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT).strip();
        for (DialectProvider p : PROVIDERS) {
            if (p.dialect().name().equals(n) || p.aliases().contains(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("No SQL dialect for database '" + name + "'; supported: " + names());
    }

    /** The provider reading Tortoise-style URLs with this (lower-case) scheme. */
    public static Optional<DialectProvider> forUrlScheme(String scheme) {
        return PROVIDERS.stream().filter(p -> p.urlSchemes().contains(scheme)).findFirst();
    }

    /** The provider for Tortoise's engine name (lower case). */
    public static Optional<DialectProvider> forEngine(String engine) {
        return PROVIDERS.stream().filter(p -> p.acceptsEngine(engine)).findFirst();
    }

    /** The registered dialect names, for messages ({@code postgres, h2}). */
    public static String names() {
        return PROVIDERS.stream().map(p -> p.dialect().name()).collect(Collectors.joining(", "));
    }
}
