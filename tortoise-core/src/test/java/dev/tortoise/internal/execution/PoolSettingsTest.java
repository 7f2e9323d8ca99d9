package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.execution.PoolSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tortoise-style URL and credential parameters override the finite pool defaults. */
class PoolSettingsTest {

    @Test
    void noParametersKeepTheDefaults() {
        assertThat(ConnectionUrls.poolSettings(Map.of(), PoolSettings.DEFAULTS)).isEqualTo(PoolSettings.DEFAULTS);
    }

    @Test
    void everyPoolParameterOverridesItsDefault() {
        PoolSettings p = ConnectionUrls.poolSettings(Map.of("minsize", "2", "maxsize", "4", "acquire_timeout", "1.5",
                "create_timeout", "3", "validation_timeout", "0.25", "max_inactive_connection_lifetime", "60"),
                PoolSettings.DEFAULTS);
        assertThat(p).isEqualTo(new PoolSettings(2, 4, Duration.ofMillis(1500), Duration.ofSeconds(3),
                Duration.ofMillis(250), Duration.ofSeconds(60), null));
    }

    @Test
    void aMinsizeAboveMaxsizeIsCappedAtMaxsize() {
        PoolSettings p = ConnectionUrls.poolSettings(Map.of("minsize", "8", "maxsize", "3"), PoolSettings.DEFAULTS);
        assertThat(p.initialSize()).isEqualTo(3);
        assertThat(p.maxSize()).isEqualTo(3);
    }

    @Test
    void badPoolParametersAreConfigurationErrors() {
        assertThatThrownBy(() -> ConnectionUrls.poolSettings(Map.of("maxsize", "many"), PoolSettings.DEFAULTS))
                .isExactlyInstanceOf(ConfigurationError.class).hasMessage("Parameter maxsize is not an integer: many");
        assertThatThrownBy(() -> ConnectionUrls.poolSettings(Map.of("acquire_timeout", "soon"),
                PoolSettings.DEFAULTS)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Parameter acquire_timeout is not a number of seconds: soon");
        assertThatThrownBy(() -> ConnectionUrls.poolSettings(Map.of("maxsize", "0"), PoolSettings.DEFAULTS))
                .isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Invalid pool sizes: minsize=0, maxsize=0 (need 0 <= minsize <= maxsize, maxsize >= 1)");
    }
}
