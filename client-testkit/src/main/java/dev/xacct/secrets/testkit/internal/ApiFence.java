package dev.xacct.secrets.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The API fence of a module: no type of an {@code .internal} package appears in a public or protected signature of a
 * public type outside {@code .internal}. Each published module runs it in a test over its own compiled classes, so
 * the build fails when the API starts to expose an internal type (the modules stay on the class path: JPMS would
 * have to reach the AWS SDK's and Spring's automatic modules, and the CLI uses core's internal diagnosis).
 *
 * <p>Internal, not API: a build tool of this project, shared by the modules' tests through the testkit.
 */
public final class ApiFence {

    private ApiFence() {}

    /**
     * The violations in the module whose classes {@code anyClassOfModule} was loaded from (a directory of classes or a
     * jar: the one of its code source).
     *
     * @param anyClassOfModule a class of the module to check
     * @return one line per signature that names an internal type, sorted; empty when the API is fenced
     */
    public static List<String> violationsInModuleOf(Class<?> anyClassOfModule) {
        return violationsIn(classesOfModule(anyClassOfModule));
    }

    /**
     * The violations among {@code classes}: those in an {@code .internal} package, and those not public, are
     * skipped.
     *
     * @param classes the classes to check
     * @return one line per signature that names an internal type, sorted
     */
    public static List<String> violationsIn(Collection<Class<?>> classes) {
        Set<String> found = new TreeSet<>();
        for (Class<?> type : classes) {
            if (!isInternal(type) && isExported(type)) {
                check(type, found);
            }
        }
        return List.copyOf(found);
    }

    private static void check(Class<?> type, Set<String> found) {
        String where = type.getName();
        leaks(where + " extends", type.getGenericSuperclass(), found);
        for (Type implemented : type.getGenericInterfaces()) {
            leaks(where + " implements", implemented, found);
        }
        for (TypeVariable<?> variable : type.getTypeParameters()) {
            for (Type bound : variable.getBounds()) {
                leaks(where + " <" + variable.getName() + ">", bound, found);
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (isVisible(field.getModifiers()) && !field.isSynthetic()) {
                leaks(where + "." + field.getName(), field.getGenericType(), found);
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (isVisible(constructor.getModifiers()) && !constructor.isSynthetic()) {
                String name = where + ".<init>";
                for (Type parameter : constructor.getGenericParameterTypes()) {
                    leaks(name + " parameter", parameter, found);
                }
                for (Type thrown : constructor.getGenericExceptionTypes()) {
                    leaks(name + " throws", thrown, found);
                }
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (isVisible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
                String name = where + "." + method.getName() + "()";
                leaks(name + " returns", method.getGenericReturnType(), found);
                for (Type parameter : method.getGenericParameterTypes()) {
                    leaks(name + " parameter", parameter, found);
                }
                for (Type thrown : method.getGenericExceptionTypes()) {
                    leaks(name + " throws", thrown, found);
                }
                for (TypeVariable<?> variable : method.getTypeParameters()) {
                    for (Type bound : variable.getBounds()) {
                        leaks(name + " <" + variable.getName() + ">", bound, found);
                    }
                }
            }
        }
    }

    /** Records each internal type that {@code type} names, however deep in type arguments, bounds and arrays. */
    private static void leaks(String where, Type type, Set<String> found) {
        if (type instanceof Class<?> raw) {
            Class<?> element = raw;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            if (isInternal(element)) {
                found.add(where + ": " + element.getName());
            }
        } else if (type instanceof ParameterizedType parameterized) {
            leaks(where, parameterized.getRawType(), found);
            for (Type argument : parameterized.getActualTypeArguments()) {
                leaks(where, argument, found);
            }
        } else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                leaks(where, bound, found);
            }
            for (Type bound : wildcard.getLowerBounds()) {
                leaks(where, bound, found);
            }
        } else if (type instanceof GenericArrayType array) {
            leaks(where, array.getGenericComponentType(), found);
        }
        // A type variable's bounds are checked where it is declared.
    }

    private static boolean isInternal(Class<?> type) {
        String name = type.getPackageName();
        return name.endsWith(".internal") || name.contains(".internal.");
    }

    /** Public, and so are the types it is nested in: what a user of the module can name. */
    private static boolean isExported(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return !type.isSynthetic() && !type.isAnonymousClass() && !type.isLocalClass();
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static List<Class<?>> classesOfModule(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no code source for " + anchor, e);
        }
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(root)) {
                // target/classes: the module's own tests.
                try (Stream<Path> files = Files.walk(root)) {
                    files.forEach(file -> names.add(root.relativize(file)
                            .toString()
                            .replace(file.getFileSystem().getSeparator(), "/")));
                }
            } else {
                // The module's jar: its tests run again on another Spring Boot line.
                try (JarFile jar = new JarFile(root.toFile())) {
                    jar.stream().forEach(entry -> names.add(entry.getName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            if (name.endsWith(".class")
                    && !name.startsWith("META-INF/")
                    && !name.endsWith("module-info.class")
                    && !name.endsWith("package-info.class")) {
                String className =
                        name.substring(0, name.length() - ".class".length()).replace('/', '.');
                try {
                    classes.add(Class.forName(className, false, anchor.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("a compiled class did not load: " + className, e);
                }
            }
        }
        return classes;
    }
}
