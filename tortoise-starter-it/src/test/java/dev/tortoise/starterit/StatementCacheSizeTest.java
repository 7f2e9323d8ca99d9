package dev.tortoise.starterit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.sql.render.SqlRenderer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code tortoise.statement-cache-size} with nothing but the starter on the class path: the default keeps 1024
 * statement shapes and a repeated request only binds its values; {@code 0} renders every statement in full; a
 * small size holds no more shapes than it says. On the embedded H2 database.
 */
class StatementCacheSizeTest {

    private static SqlRenderer renderer(ConfigurableApplicationContext ctx) {
        return ctx.getBean(Tortoise.class).connections().get("default").renderer();
    }

    /** Three different queries over HTTP, then the first again. */
    private static void requests(WebTestClient client) {
        Apps.createAuthor(client, "Le Guin");
        Apps.authors(client);
        client.get().uri("/books?title__icontains=x").exchange().expectStatus().isOk();
        client.get().uri("/books?author__name=Le Guin&order_by=-title").exchange().expectStatus().isOk();
        Apps.authors(client);
    }

    @Test
    void byDefaultARepeatedRequestReusesItsStatementText() {
        try (ConfigurableApplicationContext ctx = Apps.start()) {
            SqlRenderer renderer = renderer(ctx);
            assertThat(renderer.cacheSize()).isEqualTo(1024);
            WebTestClient client = Apps.client(ctx);
            Apps.authors(client);
            long rendered = renderer.renderedCount();
            long reused = renderer.reusedCount();
            Apps.authors(client);
            assertThat(renderer.renderedCount()).isEqualTo(rendered);
            assertThat(renderer.reusedCount()).isEqualTo(reused + 1);
        }
    }

    @Test
    void zeroTurnsTheCacheOff() {
        try (ConfigurableApplicationContext ctx = Apps.start("tortoise.statement-cache-size=0")) {
            SqlRenderer renderer = renderer(ctx);
            assertThat(renderer.cacheSize()).isZero();
            requests(Apps.client(ctx));
            assertThat(renderer.cachedShapes()).isZero();
            assertThat(renderer.reusedCount()).isZero();
            assertThat(renderer.renderedCount()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void aSmallCacheHoldsNoMoreShapesThanItsSize() {
        try (ConfigurableApplicationContext ctx = Apps.start("tortoise.statement-cache-size=2")) {
            SqlRenderer renderer = renderer(ctx);
            assertThat(renderer.cacheSize()).isEqualTo(2);
            requests(Apps.client(ctx));
            assertThat(renderer.cachedShapes()).isEqualTo(2);
        }
    }
}
