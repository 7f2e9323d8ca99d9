package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/** spring-r2dbc is optional: without it on the class path the bridge reports itself absent and is never touched. */
class SpringAbsentTest {

    /** Hides every Spring class and loads the bridge itself afresh, so its presence check runs again. */
    static final class NoSpring extends ClassLoader {
        NoSpring(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.springframework.")) {
                throw new ClassNotFoundException(name);
            }
            if (name.startsWith(SpringTransactions.class.getName())) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                            byte[] b = in.readAllBytes();
                            c = defineClass(name, b, 0, b.length);
                        } catch (IOException e) {
                            throw new ClassNotFoundException(name, e);
                        }
                    }
                    return c;
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void withoutSpringTheBridgeIsAbsentAndInert() throws Exception {
        assertThat(SpringTransactions.PRESENT).as("spring-r2dbc is on the test class path").isTrue();
        Class<?> bridge = Class.forName(SpringTransactions.class.getName(), true,
                new NoSpring(SpringAbsentTest.class.getClassLoader()));
        assertThat(bridge).isNotSameAs(SpringTransactions.class);
        Field present = bridge.getDeclaredField("PRESENT");
        present.setAccessible(true);
        assertThat(present.getBoolean(null)).isFalse();
        Method mayBeActive = bridge.getDeclaredMethod("mayBeActive", ContextView.class);
        mayBeActive.setAccessible(true);
        assertThat(mayBeActive.invoke(null, Context.of("any", "thing"))).isEqualTo(false);
    }
}
