package dev.tortoise.autoconfigure;

import dev.tortoise.test.DatabaseKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.ModelManager;
import dev.tortoise.exception.ConfigurationError;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * Start-up failures that say what happened and what to do: a database server that cannot be reached or refuses
 * the login, a port that is not a number, two configuration forms at once. The server cases are PostgreSQL's (an
 * embedded H2 has no server, port or login to get wrong).
 */
@ExtendWith(OutputCaptureExtension.class)
class TortoiseStartupFailureTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
            .withUserConfiguration(ModelPackage.class)
            .withPropertyValues("tortoise.generate-schemas=true");

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackages = TortoiseAutoConfigurationTests.MODELS)
    static class ModelPackage {
    }

    private static FailureAnalysis analysis(Throwable failure) {
        FailureAnalysis a = new TortoiseFailureAnalyzers.ConnectionRefused().analyze(failure);
        return a != null ? a : new TortoiseFailureAnalyzers.InvalidPort().analyze(failure);
    }

    @Test
    void aClosedPortSaysToStartTheServerOrFixHostAndPort() {
        runner.withPropertyValues("tortoise.db-url=r2dbc:postgresql://postgres@127.0.0.1:1/test").run(ctx -> {
            assertThat(ctx).hasFailed();
            FailureAnalysis a = analysis(ctx.getStartupFailure());
            assertThat(a.getDescription()).startsWith("Tortoise could not reach the database server: ")
                    .contains("Connection refused", "127.0.0.1:1");
            assertThat(a.getAction()).isEqualTo("Start the database server, or correct the host and port in "
                    + "tortoise.db-url (r2dbc:postgresql://user:password@host:5432/database) or "
                    + "tortoise.config.connections.<name>.credentials (.host, .port).");
        });
    }

    @Test
    void aWrongUserSaysToCheckTheCredentials() {
        DatabaseKind.POSTGRES.assumeReachable();
        String user = "nobody_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        runner.withPropertyValues("tortoise.db-url=r2dbc:postgresql://" + user + "@" + DatabaseKind.POSTGRES.host()
                + ":" + DatabaseKind.POSTGRES.port() + "/test").run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis a = analysis(ctx.getStartupFailure());
                    assertThat(a.getDescription()).isEqualTo("Tortoise could not log in to the database: "
                            + "role \"" + user + "\" does not exist");
                    assertThat(a.getAction()).startsWith("Check the user and password in tortoise.db-url");
                });
    }

    /** The test server trusts every local login, so the wrong password is the server's answer as the driver gives it. */
    @Test
    void aWrongPasswordSaysToCheckTheCredentials() {
        Throwable failure = new IllegalStateException("Failed to initialize bean",
                new dev.tortoise.exception.DBConnectionError("password authentication failed for user \"app\"",
                        new R2dbcPermissionDeniedException("password authentication failed for user \"app\"",
                                "28P01")));
        FailureAnalysis a = analysis(failure);
        assertThat(a.getDescription())
                .isEqualTo("Tortoise could not log in to the database: password authentication failed for user \"app\"");
        assertThat(a.getAction()).isEqualTo("Check the user and password in tortoise.db-url "
                + "(r2dbc:postgresql://user:password@host:5432/database) or "
                + "tortoise.config.connections.<name>.credentials (.user, .password), and that the server lets this "
                + "user connect (pg_hba.conf for PostgreSQL).");
    }

    @Test
    void aMissingDatabaseSaysToCreateIt() {
        DatabaseKind.POSTGRES.assumeReachable();
        String db = "missing_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        runner.withPropertyValues("tortoise.db-url=r2dbc:postgresql://postgres@" + DatabaseKind.POSTGRES.host() + ":" + DatabaseKind.POSTGRES.port() + "/"
                + db).run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis a = analysis(ctx.getStartupFailure());
                    assertThat(a.getDescription()).isEqualTo("Tortoise connected to the database server, but the "
                            + "database does not exist: database \"" + db + "\" does not exist");
                    assertThat(a.getAction()).startsWith("Create the database (CREATE DATABASE ...) or correct its "
                            + "name in tortoise.db-url");
                });
    }

    @Test
    void aPortThatIsNotANumberFailsAtOnceInBothUrlForms() {
        for (String url : new String[] {"r2dbc:postgresql://postgres@127.0.0.1:abc/test",
                "postgres://postgres@127.0.0.1:abc/test"}) {
            runner.withPropertyValues("tortoise.db-url=" + url).run(ctx -> {
                assertThat(ctx).hasFailed();
                FailureAnalysis a = analysis(ctx.getStartupFailure());
                assertThat(a.getDescription()).as(url)
                        .startsWith("Tortoise cannot use the configured database URL: Port is not an integer");
                assertThat(a.getAction()).as(url).startsWith("Give the port as a number");
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.EnableAutoConfiguration
    @AutoConfigurationPackage(basePackages = TortoiseAutoConfigurationTests.MODELS)
    static class App {
    }

    @Test
    void springBootPrintsTheAnalysisInsteadOfAStackTrace(CapturedOutput output) {
        assertThatThrownBy(() -> new org.springframework.boot.builder.SpringApplicationBuilder(App.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .properties("tortoise.db-url=r2dbc:postgresql://postgres@127.0.0.1:1/test",
                        "tortoise.generate-schemas=true", "spring.flyway.enabled=false").run())
                .isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START", "Tortoise could not reach the database server",
                "Start the database server, or correct the host and port");
    }

    @Test
    void dbUrlAndConfigTogetherIsAnErrorNamingBoth() {
        runner.withPropertyValues("tortoise.db-url=sqlite://:memory:",
                "tortoise.config.connections.main.url=sqlite://:memory:").run(ctx -> {
                    assertThat(ctx).hasFailed();
                    ConfigurationError e = TortoiseAutoConfigurationTests.findCause(ctx.getStartupFailure(),
                            ConfigurationError.class);
                    assertThat(e.getMessage()).isEqualTo("You should init either from \"config\", \"config_file\" "
                            + "or \"db_url\", but tortoise.db-url and tortoise.config.connections are set together: "
                            + "keep tortoise.db-url with tortoise.modules, or tortoise.config.*, or "
                            + "tortoise.config-file");
                });
    }

    @Test
    void modulesAndAConfigFileTogetherIsAnErrorNamingBoth() {
        runner.withPropertyValues("tortoise.modules.models=" + TortoiseAutoConfigurationTests.MODELS,
                "tortoise.config-file=classpath:nowhere.yml").run(ctx -> {
                    assertThat(ctx).hasFailed();
                    ConfigurationError e = TortoiseAutoConfigurationTests.findCause(ctx.getStartupFailure(),
                            ConfigurationError.class);
                    assertThat(e.getMessage()).startsWith("You should init either from \"config\", \"config_file\" "
                            + "or \"db_url\", but tortoise.modules and tortoise.config-file are set together");
                });
    }

    @Test
    void anEmptyDbUrlMeansTheEmbeddedDatabase() {
        runner.withPropertyValues("tortoise.db-url=").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            ModelManager models = ctx.getBean(ModelManager.class);
            assertThat(((dev.tortoise.Tortoise) models).connections().get("default").dialect().name()).isEqualTo("h2");
        });
    }

    @Test
    void theNewAnalyzersAreRegistered() throws Exception {
        String factories = new String(getClass().getResourceAsStream("/META-INF/spring.factories").readAllBytes());
        assertThat(factories).contains("TortoiseFailureAnalyzers$ConnectionRefused",
                "TortoiseFailureAnalyzers$InvalidPort");
    }
}
