package dev.tortoise.test.autoconfigure;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/** Bootstraps {@link TortoiseTest @TortoiseTest} contexts (reads its {@code properties}). */
final class TortoiseTestContextBootstrapper extends TestSliceTestContextBootstrapper<TortoiseTest> {
}
