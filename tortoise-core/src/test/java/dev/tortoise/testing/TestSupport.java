package dev.tortoise.testing;

import dev.tortoise.field.IntValuedEnum;
import dev.tortoise.field.StringValuedEnum;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Fixtures several test classes share: value enums for enum fields, a class loader of its own, row helpers. */
public final class TestSupport {
    private TestSupport() {
    }

    /** A CharEnum field's enum whose stored values differ from its constant names. */
    public enum Color implements StringValuedEnum {
        RED("red"), DARK_BLUE("dark-blue");

        private final String value;

        Color(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }

    /** An IntEnum field's enum whose stored values differ from its ordinals. */
    public enum Level implements IntValuedEnum {
        LOW(1), HIGH(300);

        private final int value;

        Level(int value) {
            this.value = value;
        }

        @Override
        public int value() {
            return value;
        }
    }

    /** Loads the classes whose names start with {@code prefix} itself, from its parent's class files. */
    public static final class OwnLoader extends ClassLoader {
        private final String prefix;

        public OwnLoader(ClassLoader parent, String prefix) {
            super(parent);
            this.prefix = prefix;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(prefix)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    /** The rows with every number as a long, so that drivers' integer types compare alike. */
    public static List<List<Object>> longs(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> r : rows) {
            List<Object> row = new ArrayList<>();
            for (Object o : r) {
                row.add(o instanceof Number n ? (Object) n.longValue() : o);
            }
            out.add(row);
        }
        return out;
    }
}
