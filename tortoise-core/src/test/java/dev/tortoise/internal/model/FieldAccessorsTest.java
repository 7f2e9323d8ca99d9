package dev.tortoise.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

/**
 * Accessors and factories defined as hidden classes with constant handles behave as the handles called directly:
 * same values, null into a primitive left alone, the same exceptions. No database is involved.
 */
class FieldAccessorsTest {
    static final class Sample {
        private String text;
        private int count = 7;
        private Long big;
    }

    static final class Failing {
        Failing() throws IOException {
            throw new IOException("no sample today");
        }
    }

    private static Accessor accessor(String name, Class<?> type) throws ReflectiveOperationException {
        MethodHandles.Lookup l = MethodHandles.lookup();
        MethodHandle getter = l.findGetter(Sample.class, name, type)
                .asType(MethodType.methodType(Object.class, Object.class));
        MethodHandle setter = l.findSetter(Sample.class, name, type)
                .asType(MethodType.methodType(void.class, Object.class, Object.class));
        return FieldAccessors.of(getter, setter, type.isPrimitive());
    }

    @Test
    void anAccessorReadsAndWritesItsOwnAttributeOfEachInstance() throws Exception {
        assertThat(FieldAccessors.constant()).isTrue();
        Accessor text = accessor("text", String.class);
        Accessor count = accessor("count", int.class);
        Sample a = new Sample();
        Sample b = new Sample();
        text.set(a, "alpha");
        text.set(b, "beta");
        count.set(a, 3);
        assertThat(text.get(a)).isEqualTo("alpha");
        assertThat(text.get(b)).isEqualTo("beta");
        assertThat(a.text).isEqualTo("alpha");
        assertThat(count.get(a)).isEqualTo(3);
        assertThat(count.get(b)).isEqualTo(7);
        text.set(a, null);
        assertThat(a.text).isNull();
        // Each accessor is a class of its own, so each attribute's handles are constants of their own class.
        assertThat(text.getClass().isHidden()).isTrue();
        assertThat(text.getClass()).isNotSameAs(count.getClass());
    }

    @Test
    void nullIntoAPrimitiveLeavesItAndAWrongTypeIsAClassCastException() throws Exception {
        Accessor count = accessor("count", int.class);
        Accessor big = accessor("big", Long.class);
        Sample s = new Sample();
        count.set(s, null);
        assertThat(s.count).isEqualTo(7);
        assertThatThrownBy(() -> big.set(s, 5)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> count.set(s, "5")).isInstanceOf(ClassCastException.class);
        assertThat(s.big).isNull();
        assertThatThrownBy(() -> big.get("not a sample")).isInstanceOf(ClassCastException.class);
    }

    @Test
    void aFactoryMakesANewObjectPerCallAndThrowsWhatTheConstructorThrows() throws Throwable {
        MethodHandles.Lookup l = MethodHandles.lookup();
        InstanceFactory samples = FieldAccessors.factory(l.findConstructor(Sample.class,
                MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class)));
        Object first = samples.create();
        Object second = samples.create();
        assertThat(first).isInstanceOf(Sample.class).isNotSameAs(second);
        assertThat(((Sample) first).count).isEqualTo(7);
        assertThat(samples.getClass().isHidden()).isTrue();

        InstanceFactory failing = FieldAccessors.factory(l.findConstructor(Failing.class,
                MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class)));
        assertThatThrownBy(failing::create).isExactlyInstanceOf(IOException.class).hasMessage("no sample today");
    }

    @Test
    void handlesOfAnotherShapeAreRefused() throws Exception {
        MethodHandle getter = MethodHandles.lookup().findGetter(Sample.class, "text", String.class);
        MethodHandle setter = MethodHandles.lookup().findSetter(Sample.class, "text", String.class)
                .asType(MethodType.methodType(void.class, Object.class, Object.class));
        assertThatThrownBy(() -> FieldAccessors.of(getter, setter, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accessor handles of the wrong type: (Sample)String, (Object,Object)void");
        assertThatThrownBy(() -> FieldAccessors.factory(getter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("constructor handle of the wrong type: (Sample)String");
    }

    /**
     * FieldAccessors loaded where its templates' bytes cannot be read: only it and the types it returns, so that
     * the accessors it makes are the fallback ones.
     */
    private static final class NoTemplates extends ClassLoader {
        NoTemplates() {
            super(FieldAccessorsTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            String pkg = "dev.tortoise.internal.model.";
            if (!name.startsWith(pkg + "FieldAccessors") && !name.equals(pkg + "Accessor")
                    && !name.equals(pkg + "InstanceFactory")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (java.io.InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }

        @Override
        public java.io.InputStream getResourceAsStream(String name) {
            return name.contains("ConstantH") ? null : super.getResourceAsStream(name);
        }

        @Override
        public java.net.URL getResource(String name) {
            return name.contains("ConstantH") ? null : super.getResource(name);
        }
    }

    @Test
    void withoutTheTemplatesAccessorsAndFactoriesCallTheHandlesAsTheyAre() throws Throwable {
        Class<?> fallback = new NoTemplates().loadClass(FieldAccessors.class.getName());
        assertThat(fallback).isNotSameAs(FieldAccessors.class);
        java.lang.reflect.Method constant = fallback.getDeclaredMethod("constant");
        constant.setAccessible(true);
        assertThat(constant.invoke(null)).isEqualTo(false);
        MethodHandles.Lookup l = MethodHandles.lookup();
        MethodHandle of = MethodHandles.publicLookup().findStatic(fallback, "of", MethodType.methodType(
                fallback.getClassLoader().loadClass(Accessor.class.getName()), MethodHandle.class, MethodHandle.class,
                boolean.class));
        MethodHandle countGetter = l.findGetter(Sample.class, "count", int.class)
                .asType(MethodType.methodType(Object.class, Object.class));
        MethodHandle countSetter = l.findSetter(Sample.class, "count", int.class)
                .asType(MethodType.methodType(void.class, Object.class, Object.class));
        Object count = of.invoke(countGetter, countSetter, true);
        assertThat(count.getClass().isHidden()).isFalse();
        Class<?> accessorType = count.getClass().getInterfaces()[0];
        MethodHandle get = MethodHandles.publicLookup().findVirtual(accessorType, "get",
                MethodType.methodType(Object.class, Object.class));
        MethodHandle set = MethodHandles.publicLookup().findVirtual(accessorType, "set",
                MethodType.methodType(void.class, Object.class, Object.class));
        Sample s = new Sample();
        set.invoke(count, s, 3);
        assertThat(s.count).isEqualTo(3);
        assertThat(get.invoke(count, s)).isEqualTo(3);
        set.invoke(count, s, null);
        assertThat(s.count).isEqualTo(3);
        assertThatThrownBy(() -> set.invoke(count, s, "5")).isInstanceOf(ClassCastException.class);

        MethodHandle factory = MethodHandles.publicLookup().findStatic(fallback, "factory", MethodType.methodType(
                fallback.getClassLoader().loadClass(InstanceFactory.class.getName()), MethodHandle.class));
        Object failing = factory.invoke(l.findConstructor(Failing.class, MethodType.methodType(void.class))
                .asType(MethodType.methodType(Object.class)));
        MethodHandle create = MethodHandles.publicLookup().findVirtual(failing.getClass().getInterfaces()[0],
                "create", MethodType.methodType(Object.class));
        assertThatThrownBy(() -> create.invoke(failing)).isExactlyInstanceOf(IOException.class)
                .hasMessage("no sample today");
        Object samples = factory.invoke(l.findConstructor(Sample.class, MethodType.methodType(void.class))
                .asType(MethodType.methodType(Object.class)));
        assertThat(create.invoke(samples)).isInstanceOf(Sample.class).isNotSameAs(create.invoke(samples));

        // No holder initialiser either: the caller loops over the attributes.
        Class<?> factoryType = fallback.getClassLoader().loadClass(InstanceFactory.class.getName());
        Class<?> accessorArray = fallback.getClassLoader().loadClass(Accessor.class.getName()).arrayType();
        MethodHandle holders = MethodHandles.publicLookup().findStatic(fallback, "holders", MethodType.methodType(
                HolderInit.class, factoryType.arrayType(), accessorArray, String[].class));
        assertThat(holders.invoke(java.lang.reflect.Array.newInstance(factoryType, 0),
                java.lang.reflect.Array.newInstance(accessorArray.componentType(), 0), new String[0])).isNull();
    }

    @Test
    void aHolderInitialiserIsAClassOfItsOwnUpToTheTemplatesSlots() {
        // Its holders made, attached and stored: HoldersTest, with real models.
        assertThat(FieldAccessors.holders(new InstanceFactory[9], new Accessor[9], new String[9])).isNull();
        HolderInit none = FieldAccessors.holders(new InstanceFactory[0], new Accessor[0], new String[0]);
        assertThat(none.getClass().isHidden()).isTrue();
        none.init(null);
    }
}
