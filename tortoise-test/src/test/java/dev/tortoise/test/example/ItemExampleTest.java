package dev.tortoise.test.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.query.Manager;
import dev.tortoise.test.FreshDatabase;
import dev.tortoise.test.RollbackExtension;
import dev.tortoise.test.StatementRecorder;
import dev.tortoise.test.TestDatabase;
import dev.tortoise.test.models.Item;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import reactor.test.StepVerifier;

/**
 * The README's example without Spring, as a user writes it: the class runs on a fresh database of each kind
 * of the matrix ({@code [h2]}, {@code [postgres]}, {@code [mariadb]}), each test rolled back, statements recorded.
 */
@FreshDatabase
class ItemExampleTest {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RollbackExtension rollback = new RollbackExtension();
    @RegisterExtension
    static final StatementRecorder statements = new StatementRecorder();   // cleared before each test runs
    static Tortoise orm;

    @Parameter
    TestDatabase db;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase db) {
        orm = Tortoise.init(TortoiseConfig.builder()
                .connection("default", db.url())
                .models(Item.class)
                .connectionFactoryDecorator(rollback.decorator())      // first: the test's transaction
                .connectionFactoryDecorator(statements.decorator())    // then: record what runs in it
                .build());
        orm.generateSchemas(false).block(TIMEOUT);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        orm.close().block(TIMEOUT);
    }

    @Test
    void creatingTwoItemsAndCountingThemTakesThreeStatements() {
        Manager<Item> items = orm.of(Item.class);
        StepVerifier.create(statements.expectStatements(3,
                        () -> items.create("name", "a").then(items.create("name", "b")).then(items.all().count())))
                .expectNext(2L)
                .expectComplete().verify(TIMEOUT);
        assertThat(db.countRows("item")).isZero();    // another connection: nothing committed
    }

    @Test
    void aDuplicateInsideAtomicLeavesTheTestUsable() {
        assertThat(statements).hasNoStatements();                 // schema generation and other tests: forgotten
        Manager<Item> items = orm.of(Item.class);
        items.create("name", "a").block(TIMEOUT);
        StepVerifier.create(orm.atomic(() -> items.create("name", "a")))
                .expectError(IntegrityError.class).verify(TIMEOUT);
        StepVerifier.create(items.all().count()).expectNext(1L).expectComplete().verify(TIMEOUT);
    }
}
