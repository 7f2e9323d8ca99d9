package dev.tortoise.test.autoconfigure.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.ModelManager;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.FixtureOnly;
import dev.tortoise.test.Fixtures;
import dev.tortoise.test.StatementRecorder;
import dev.tortoise.test.TestDatabase;
import dev.tortoise.test.autoconfigure.TortoiseTest;
import dev.tortoise.test.autoconfigure.TortoiseTestDatabase;
import dev.tortoise.test.autoconfigure.shop.models.Product;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.Commit;
import reactor.test.StepVerifier;

/** What slice tests leave behind, checked from another connection after they ran: only what a test committed. */
class TortoiseTestRollbackTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static volatile TestDatabase db;

    @DatabaseTest
    void sliceTestsLeaveNothingButWhatTheyCommit(DatabaseKind kind) {
        kind.assumeReachable();
        Class<?> fixture = switch (kind) {
            case H2 -> OnH2.class;
            case POSTGRES -> OnPostgres.class;
            case MARIADB -> OnMariaDb.class;
        };
        db = null;
        Fixtures.runAndExpectSuccess(fixture, 3);

        assertThat(db.kind()).isEqualTo(kind);
        String q = kind == DatabaseKind.MARIADB ? "`" : "\"";
        assertThat(db.query("SELECT " + q + "name" + q + " FROM " + q + "product" + q + " ORDER BY " + q + "name" + q))
                .extracting(r -> r.get("name")).containsExactly("committed");
        assertThat(db.countRows("purchase")).isZero();
        db.execute("DELETE FROM " + q + "product" + q);
    }

    /**
     * Its own application contexts (the property makes them differ from TortoiseTestSliceTest's): Spring 7 pauses a
     * cached context when another test class takes over, and TortoiseLifecycle closes the runtime on pause, so a
     * context shared with a class that ran before would come back with a closed runtime.
     */
    @FixtureOnly
    @TortoiseTest(properties = "shop.fixture=rollback")
    @Import(ShopService.class)
    abstract static class Fixture {
        @Autowired
        ModelManager models;
        @Autowired
        ShopService shop;
        @Autowired
        TestDatabase database;
        @Autowired
        StatementRecorder statements;

        /** Runs inside each test's transaction, so its row goes too. */
        @BeforeEach
        void setUp() {
            db = database;
            models.of(Product.class).create("name", "from-before-each").block(TIMEOUT);
        }

        @Test
        void writes() {
            assertThat(statements).hasNoStatements();
            StepVerifier.create(shop.buyNew("widget", 2).then(models.of(Product.class)
                            .filter("name__in", java.util.List.of("from-before-each", "widget")).count()))
                    .expectNext(2L).expectComplete().verify(TIMEOUT);
        }

        @Test
        void writesInAtomicBlocks() {
            StepVerifier.create(models.atomic(() -> models.of(Product.class).create("name", "atomic")))
                    .expectNextCount(1).expectComplete().verify(TIMEOUT);
        }

        @Test
        @Commit
        void committed() {
            models.of(Product.class).filter("name", "from-before-each").delete().block(TIMEOUT);
            StepVerifier.create(models.of(Product.class).create("name", "committed"))
                    .expectNextCount(1).expectComplete().verify(TIMEOUT);
        }
    }

    @TortoiseTestDatabase(DatabaseKind.H2)
    static class OnH2 extends Fixture {
    }

    @TortoiseTestDatabase(DatabaseKind.POSTGRES)
    static class OnPostgres extends Fixture {
    }

    @TortoiseTestDatabase(DatabaseKind.MARIADB)
    static class OnMariaDb extends Fixture {
    }
}
