package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the runtime on shutdown. Its phase is below the web server's, so it stops after the server's graceful
 * shutdown has let in-flight requests finish; then every pool the runtime created is released.
 */
public final class TortoiseLifecycle implements SmartLifecycle, org.springframework.beans.factory.DisposableBean {
    private final Tortoise tortoise;
    private volatile boolean running;

    TortoiseLifecycle(Tortoise tortoise) {
        this.tortoise = tortoise;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            tortoise.close().block(Duration.ofSeconds(30));
        }
    }

    /** Closes the runtime also when the context ends without stopping its lifecycle (a failed refresh). */
    @Override
    public void destroy() {
        running = false;
        tortoise.close().block(Duration.ofSeconds(30));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Not pauseable: Spring Framework 7 pauses the lifecycle of cached test contexts, and stopping would close the
     * runtime that the context, when resumed, still hands out.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return TortoiseAutoConfiguration.LIFECYCLE_PHASE;
    }
}
