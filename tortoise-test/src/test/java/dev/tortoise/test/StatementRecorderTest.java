package dev.tortoise.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.query.Manager;
import dev.tortoise.test.models.Item;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class StatementRecorderTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static Tortoise start(TestDatabase db, StatementRecorder recorder) {
        Tortoise orm = Tortoise.init(TortoiseConfig.builder().connection("default", db.url()).models(Item.class)
                .connectionFactoryDecorator(recorder.decorator()).build());
        orm.generateSchemas(false).block(TIMEOUT);
        recorder.clear();
        return orm;
    }

    @DatabaseTest
    void probe(TestDatabase db) {
        StatementRecorder recorder = new StatementRecorder();
        Tortoise orm = start(db, recorder);
        try {
            Manager<Item> items = orm.of(Item.class);
            Mono<Long> three = items.create("name", "a").then(items.create("name", "b")).then(items.all().count());
            StepVerifier.create(recorder.expectStatements(2, () -> three)).expectNext(2L).expectComplete().verify(TIMEOUT);
        } catch (AssertionError e) {
            System.out.println("MESSAGE>>>" + e.getMessage() + "<<<");
        } finally {
            orm.close().block(TIMEOUT);
        }
        assertThat(true).isTrue();
    }
}
