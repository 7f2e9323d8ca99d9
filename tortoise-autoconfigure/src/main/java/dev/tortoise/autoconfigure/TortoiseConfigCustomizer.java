package dev.tortoise.autoconfigure;

import dev.tortoise.TortoiseConfig;

/**
 * Callback to adjust the {@link TortoiseConfig} the auto-configuration builds from {@code tortoise.*}
 * before the runtime starts: add statement listeners, routers, connections or apps. Customizer beans are
 * applied in their {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface TortoiseConfigCustomizer {

    /** Adjusts the configuration being built. */
    void customize(TortoiseConfig.Builder builder);
}
