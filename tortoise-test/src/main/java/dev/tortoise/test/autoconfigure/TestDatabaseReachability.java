package dev.tortoise.test.autoconfigure;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Skips (or, when required, fails) a {@link TortoiseTestDatabase @TortoiseTestDatabase} class whose server is
 * unreachable before Spring tries to start its context, which would fail instead.
 */
final class TestDatabaseReachability implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), TortoiseTestDatabase.class)
                .ifPresent(a -> a.value().assumeReachable());
    }
}
