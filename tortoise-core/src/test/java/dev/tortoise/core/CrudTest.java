package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.TextField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import java.time.OffsetDateTime;
import reactor.test.StepVerifier;

class CrudTest {

    @Meta(table = "tournament")
    public static class Tournament extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 255, unique = true)
        public String name;
        @TextField(nullable = true)
        public String description;
        @DatetimeField(autoNowAdd = true)
        public OffsetDateTime created;
    }

    @DatabaseTest
    void createThenGetReturnsTheStoredRow(DatabaseKind db) {
        try (Env env = Env.start(db, Tournament.class)) {
            Tournament t = env.of(Tournament.class).create("name", "World Cup").block(Env.TIMEOUT);
            assertThat(t.id).isNotNull();
            assertThat(t.created).isNotNull();
            StepVerifier.create(env.of(Tournament.class).get("id", t.id))
                    .assertNext(found -> {
                        assertThat(found.name).isEqualTo("World Cup");
                        assertThat(found.description).isNull();
                        assertThat(found.created.toInstant()).isEqualTo(t.created.toInstant());
                        assertThat(found.isSaved()).isTrue();
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }
}
