package dev.tortoise.autoconfigure;

import dev.tortoise.execution.Database;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/** The health of one Tortoise connection: UP when a connection can be taken and validated with a round trip. */
public final class TortoiseHealthIndicator extends AbstractReactiveHealthIndicator {
    private final Database connection;

    public TortoiseHealthIndicator(Database connection) {
        super("Tortoise connection health check failed");
        this.connection = connection;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return Mono.usingWhen(Mono.from(connection.factory().create()),
                        (Connection c) -> Mono.from(c.validate(ValidationDepth.REMOTE)),
                        Connection::close)
                .timeout(Duration.ofSeconds(10))
                .map(valid -> (valid ? builder.up() : builder.down())
                        .withDetail("database", connection.dialect().name())
                        .withDetail("connection", connection.name())
                        .build());
    }
}
