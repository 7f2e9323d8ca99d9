package dev.tortoise.starterit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The other forms of a MariaDB {@code tortoise.db-url} a user may write (MariaDbLibraryTest uses {@code mysql://}),
 * each on a database of its own: the application starts on MariaDB, creates its tables and answers over HTTP.
 */
@ExtendWith(Databases.RequiresMariaDb.class)
class MariaDbUrlFormsTest {

    @ParameterizedTest(name = "[mariadb] tortoise.db-url={0}")
    @ValueSource(strings = {"mariadb://root@127.0.0.1:3306/%s", "r2dbc:mariadb://root@127.0.0.1:3306/%s",
            "r2dbc:mysql://root@127.0.0.1:3306/%s", "mysql://root:@127.0.0.1/%s?minsize=1&maxsize=2&connect_timeout=5"})
    void theApplicationRunsOnMariaDbFromEachUrlForm(String urlFormat) {
        Databases.MariaDbDatabase database = new Databases.MariaDbDatabase("tortoise.db-url", urlFormat);
        try (ConfigurableApplicationContext ctx = Apps.start("tortoise.db-url=" + database.url())) {
            Tortoise tortoise = ctx.getBean(Tortoise.class);
            assertThat(tortoise.connections().get("default").dialect().name()).isEqualTo("mariadb");
            WebTestClient client = Apps.client(ctx);
            Apps.createAuthor(client, "Le Guin");
            Apps.createAuthor(client, "Jemisin");
            assertThat(Apps.authors(client)).containsExactly("Jemisin", "Le Guin");
        } finally {
            database.drop();
        }
    }
}
