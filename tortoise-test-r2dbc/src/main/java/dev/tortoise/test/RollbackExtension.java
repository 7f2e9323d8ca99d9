package dev.tortoise.test;

import io.r2dbc.spi.ConnectionFactory;
import java.util.function.BiFunction;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each test inside a transaction that is rolled back when it ends (after its {@code @AfterEach} methods),
 * for reactive code: what the test and its {@code @BeforeEach} methods write through the decorated connections is
 * gone afterwards. Register it in a static field and give its {@link #decorator()} to the runtime:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RollbackExtension rollback = new RollbackExtension();
 *
 * @BeforeAll
 * static void start() {
 *     orm = Tortoise.init(TortoiseConfig.builder().connection("default", url).models(Item.class)
 *             .connectionFactoryDecorator(rollback.decorator())
 *             .build());
 * }
 * }</pre>
 *
 * <p>How the transaction reaches code the test subscribes to, and what it cannot do: {@link TestTransaction}.
 */
public final class RollbackExtension implements BeforeEachCallback, AfterEachCallback {
    private final TestTransaction transaction = new TestTransaction();

    /** The decorator to install on the runtime's connections (before any statement recorder's). */
    public BiFunction<String, ConnectionFactory, ConnectionFactory> decorator() {
        return transaction.decorator();
    }

    /** The transaction this extension opens and rolls back around each test. */
    public TestTransaction transaction() {
        return transaction;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        transaction.begin(context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        transaction.rollback();
    }
}
