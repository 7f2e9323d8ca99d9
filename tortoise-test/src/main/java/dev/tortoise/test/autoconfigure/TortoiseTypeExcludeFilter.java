package dev.tortoise.test.autoconfigure;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/** What {@link TortoiseTest @TortoiseTest} scans: no component by default, its include and exclude filters otherwise. */
final class TortoiseTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<TortoiseTest> {

    TortoiseTypeExcludeFilter(Class<?> testClass) {
        super(testClass);
    }
}
