package dev.tortoise.internal.execution;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** A driver's connection factory for pool tests, with no database behind it. */
public final class FakeDriverFactory {
    private FakeDriverFactory() {
    }

    /** A factory named {@code name} counting its {@code create()} calls and the connections it opens. */
    public static ConnectionFactory named(String name, AtomicInteger creates, AtomicInteger opened) {
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                creates.incrementAndGet();
                return Mono.fromSupplier(() -> {
                    opened.incrementAndGet();
                    return connection();
                });
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return () -> name;
            }
        };
    }

    /** A connection that does nothing: validates true, every other call completes empty. */
    private static Connection connection() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "validate" -> Mono.just(true);
                    case "isAutoCommit" -> true;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeConnection";
                    default -> Publisher.class.isAssignableFrom(method.getReturnType()) ? Mono.empty() : null;
                });
    }
}
