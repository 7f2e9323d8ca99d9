package dev.tortoise.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A connection factory decorator sees every connection the runtime takes, and the runtime still owns its pool. */
class ConnectionFactoryDecoratorTest {

    @Meta(table = "note")
    public static class Note extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String text;
    }

    @DatabaseTest
    void everyStatementGoesThroughTheDecoratedFactoryAndClosingDisposesThePool(DatabaseKind db) {
        AtomicInteger created = new AtomicInteger();
        List<String> names = new ArrayList<>();
        ConnectionPool[] pool = new ConnectionPool[1];
        try (Env env = Env.start(db, b -> b.models(Note.class).connectionFactoryDecorator((name, factory) -> {
            names.add(name);
            pool[0] = (ConnectionPool) factory;
            return new Counting(factory, created);
        }))) {
            int afterSchema = created.get();
            assertThat(afterSchema).as("schema generation went through the decorator").isPositive();
            StepVerifier.create(env.of(Note.class).create("text", "a").then(env.of(Note.class).all().count()))
                    .expectNext(1L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(created.get()).isEqualTo(afterSchema + 2);
            assertThat(names).containsExactly("default");
            assertThat(env.tortoise().connections().get("default").pool()).isSameAs(pool[0]);
        }
        assertThat(pool[0].isDisposed()).isTrue();
    }

    /** Counts connections taken from the factory it wraps. */
    private record Counting(ConnectionFactory delegate, AtomicInteger created) implements ConnectionFactory {
        @Override
        public Publisher<? extends Connection> create() {
            return Mono.from(delegate.create()).doOnNext(c -> created.incrementAndGet());
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return delegate.getMetadata();
        }
    }
}
