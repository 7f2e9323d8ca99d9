package dev.tortoise.model;

import dev.tortoise.exception.ConfigurationError;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Finds the model classes of a package (and its sub-packages) on the class path, directories
 * and jars alike, without Spring. Only concrete subclasses of {@link Model} are returned.
 */
public final class ModelScanner {
    private ModelScanner() {
    }

    /** The concrete model classes in {@code packageName} and below, sorted by name for a stable order. */
    public static List<Class<? extends Model>> scan(String packageName, ClassLoader loader) {
        String path = packageName.replace('.', '/');
        Set<String> classNames = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(path);
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                if ("file".equals(url.getProtocol())) {
                    File dir = new File(URLDecoder.decode(url.getPath(), StandardCharsets.UTF_8));
                    walk(dir, packageName, classNames);
                } else if ("jar".equals(url.getProtocol())) {
                    URLConnection conn = url.openConnection();
                    if (conn instanceof JarURLConnection jc) {
                        jc.setUseCaches(false);
                        try (JarFile jar = jc.getJarFile()) {
                            Enumeration<JarEntry> entries = jar.entries();
                            while (entries.hasMoreElements()) {
                                String name = entries.nextElement().getName();
                                if (name.startsWith(path + "/") && name.endsWith(".class")) {
                                    classNames.add(name.substring(0, name.length() - 6).replace('/', '.'));
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigurationError("Cannot scan package \"" + packageName + "\" for models: " + e.getMessage());
        }
        Set<Class<? extends Model>> found = new LinkedHashSet<>();
        for (String name : classNames) {
            if (name.endsWith("package-info") || name.endsWith("module-info")) {
                continue;
            }
            Class<?> c;
            try {
                c = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            if (Model.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()) && !c.isAnonymousClass()
                    && !c.isLocalClass()) {
                Meta meta = c.getAnnotation(Meta.class);
                if (meta == null || !meta.isAbstract()) {
                    found.add(c.asSubclass(Model.class));
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static void walk(File dir, String pkg, Set<String> out) {
        File[] files = dir.listFiles();
        if (files == null) {
            return;
        }
        for (File f : files) {
            if (f.isDirectory()) {
                walk(f, pkg + "." + f.getName(), out);
            } else if (f.getName().endsWith(".class")) {
                out.add(pkg + "." + f.getName().substring(0, f.getName().length() - 6));
            }
        }
    }
}
