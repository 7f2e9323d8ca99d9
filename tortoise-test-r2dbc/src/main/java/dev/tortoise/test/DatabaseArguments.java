package dev.tortoise.test;

import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The arguments of {@link DatabaseTest @DatabaseTest} and {@link FreshDatabase @FreshDatabase}: one per database
 * kind the annotation names, or of {@link DatabaseKind#matrix()} when it names none, a lazily created {@link TestDatabase} (closed by JUnit after the test or class run) or the
 * {@link DatabaseKind} itself, as the first declared parameter asks.
 */
final class DatabaseArguments implements ArgumentsProvider {

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        DatabaseKind[] kinds = kinds(parameters.getSourceElement());
        boolean wantsKind = parameters.getFirst()
                .map(p -> p.getParameterType() == DatabaseKind.class)
                .orElse(false);
        return Arrays.stream(kinds).map(kind -> Arguments.of(wantsKind ? kind : TestDatabase.lazy(kind)));
    }

    private static DatabaseKind[] kinds(AnnotatedElement element) {
        DatabaseKind[] chosen = AnnotationSupport.findAnnotation(element, DatabaseTest.class).map(DatabaseTest::value)
                .or(() -> AnnotationSupport.findAnnotation(element, FreshDatabase.class).map(FreshDatabase::value))
                .orElse(new DatabaseKind[0]);
        return chosen.length == 0 ? DatabaseKind.matrix().toArray(new DatabaseKind[0]) : chosen;
    }
}
