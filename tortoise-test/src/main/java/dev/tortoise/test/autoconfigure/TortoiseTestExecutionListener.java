package dev.tortoise.test.autoconfigure;

import dev.tortoise.test.StatementRecorder;
import dev.tortoise.test.TestTransaction;
import java.lang.reflect.Method;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.annotation.Rollback;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestExecutionListener;

/**
 * Runs each test method of a test with {@link AutoConfigureTortoiseTestSupport} in the context's
 * {@link TestTransaction}, rolled back after its {@code @AfterEach} methods, unless the method or class says
 * {@code @Commit} or {@code @Rollback(false)}; and clears the context's {@link StatementRecorder} before the test
 * method runs (after its {@code @BeforeEach} methods). Registered in {@code META-INF/spring.factories}; does
 * nothing for other tests.
 */
public final class TortoiseTestExecutionListener implements TestExecutionListener, Ordered {
    private static final String TRANSACTION = TortoiseTestExecutionListener.class.getName() + ".transaction";

    /** After Spring's own transactional listener (4000), before its SQL script listener (5000). */
    @Override
    public int getOrder() {
        return 4500;
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (!applies(testContext)) {
            return;
        }
        ApplicationContext context = testContext.getApplicationContext();
        TestTransaction transaction = context.getBeanProvider(TestTransaction.class).getIfUnique();
        if (transaction != null && rollback(testContext)) {
            transaction.begin(testContext.getTestClass().getSimpleName() + "." + testContext.getTestMethod().getName());
            testContext.setAttribute(TRANSACTION, transaction);
        }
    }

    @Override
    public void beforeTestExecution(TestContext testContext) {
        if (applies(testContext)) {
            StatementRecorder recorder = testContext.getApplicationContext().getBeanProvider(StatementRecorder.class)
                    .getIfUnique();
            if (recorder != null) {
                recorder.clear();
            }
        }
    }

    @Override
    public void afterTestMethod(TestContext testContext) {
        Object transaction = testContext.removeAttribute(TRANSACTION);
        if (transaction instanceof TestTransaction t) {
            t.rollback();
        }
    }

    private static boolean applies(TestContext testContext) {
        return TestContextAnnotationUtils.hasAnnotation(testContext.getTestClass(),
                AutoConfigureTortoiseTestSupport.class);
    }

    /** Whether the method rolls back: its own {@code @Rollback}/{@code @Commit}, else its class's, else yes. */
    private static boolean rollback(TestContext testContext) {
        Method method = testContext.getTestMethod();
        Rollback onMethod = AnnotatedElementUtils.findMergedAnnotation(method, Rollback.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        Rollback onClass = TestContextAnnotationUtils.findMergedAnnotation(testContext.getTestClass(), Rollback.class);
        return onClass == null || onClass.value();
    }
}
