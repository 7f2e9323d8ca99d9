package dev.tortoise.test.autoconfigure;

import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.TestDatabase;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives each application context of a {@link TortoiseTestDatabase @TortoiseTestDatabase} test a fresh database
 * (registered in {@code META-INF/spring.factories}).
 */
final class TortoiseTestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        TortoiseTestDatabase annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                TortoiseTestDatabase.class);
        return annotation == null ? null : new Customizer(annotation.value());
    }

    /** Contexts asking for the same kind are equal (so cached and shared); each gets its own database. */
    private record Customizer(DatabaseKind kind) implements ContextCustomizer {
        static final String BEAN = "tortoiseTestDatabase";

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestDatabase db = kind.fresh();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tortoiseTestDatabase",
                    Map.of("tortoise.db-url", db.url(),
                            "spring.flyway.url", db.jdbcUrl(),
                            "spring.flyway.user", db.user(),
                            "spring.flyway.password", db.password())));
            ConfigurableListableBeanFactory beans = context.getBeanFactory();
            beans.registerSingleton(BEAN, db);
            // Destroyed with the singletons, after the lifecycle stop that closes the Tortoise runtime.
            if (beans instanceof DefaultListableBeanFactory registry) {
                registry.registerDisposableBean(BEAN, db::close);
            }
        }
    }
}
