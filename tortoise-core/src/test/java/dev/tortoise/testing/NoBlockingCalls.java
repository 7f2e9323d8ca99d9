package dev.tortoise.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Fails every test during which a blocking call ran on a non-blocking thread (Reactor's parallel
 * and single schedulers, Netty's event loops), even when the reactive chain that hit it swallowed
 * the error. BlockHound itself is installed for the whole test run by its JUnit platform listener
 * ({@code blockhound-junit-platform}); this class is both the BlockHound integration that records
 * each blocking call and the JUnit extension (registered by auto-detection) that checks the record
 * after each test.
 */
public final class NoBlockingCalls implements BlockHoundIntegration, AfterEachCallback {
    private static final ConcurrentLinkedQueue<String> CALLS = new ConcurrentLinkedQueue<>();

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Netty 4.2's own buffer allocator takes a StampedLock while it resizes its per-thread magazines on
        // the event loop; Netty's BlockHound integration does not list it yet (the same false positive is
        // allowed by Armeria, line/armeria#6344). It is the transport's internal synchronisation, not I/O.
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        // Spring WebFlux serves static resources (the demo's Swagger UI webjar) by checking each class path
        // candidate's readability synchronously, a jar lookup on the event loop; that is the framework's own
        // resource handling, and no ORM work runs inside it.
        builder.allowBlockingCallsInside("org.springframework.web.reactive.resource.PathResourceResolver", "getResource");
        // Jackson 3 builds a type's deserializer once, under its cache's ReentrantLock: requests that first need
        // the same type at the same moment wait for that build (once per type per mapper), not for I/O.
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
        // springdoc builds the demo's OpenAPI document once at start-up (pre-loading) under its resource's lock; a
        // request for /v3/api-docs that arrives while that build still runs waits for it, once, instead of building
        // the document itself on the event loop. Later requests find the cached document and never wait.
        builder.allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi");
        // r2dbc-mariadb reads its own version from a properties file in its jar once, when the first handshake
        // (on the event loop) initialises this holder class; a one-time class initialisation, not I/O per query.
        builder.allowBlockingCallsInside("org.mariadb.r2dbc.util.VersionFactory$VersionFactoryHolder", "<clinit>");
        // r2dbc-mariadb (1.3.0) guards each connection's queue of exchanges with a ReentrantLock held only while a
        // command is queued and written; a command sent from another thread at the same moment waits for that, not
        // for I/O. These are the driver's methods (and the lambdas of its sendCommand/receive) that take the lock.
        for (String method : new String[] {"executeWhenNotInTransaction", "executeWhenTransaction", "setAutoCommit",
                "sendCommandWithoutResult", "lambda$receive$14", "lambda$sendCommand$16", "lambda$sendCommand$19"}) {
            builder.allowBlockingCallsInside("org.mariadb.r2dbc.client.SimpleClient", method);
        }
        builder.blockingMethodCallback(method -> {
            StringBuilder where = new StringBuilder();
            int shown = 0;
            for (StackTraceElement frame : new Throwable().getStackTrace()) {
                String c = frame.getClassName();
                if (shown < 12 && !c.startsWith("reactor.blockhound") && !c.startsWith("dev.tortoise.testing.NoBlocking")
                        && (shown > 0 || !c.startsWith("java.") && !c.startsWith("sun.") && !c.startsWith("jdk."))) {
                    where.append("\n    at ").append(frame);
                    shown++;
                }
            }
            String call = method + " on thread " + Thread.currentThread().getName() + where;
            CALLS.add(call);
            throw new BlockingOperationError(method);
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> calls = new ArrayList<>();
        for (String c = CALLS.poll(); c != null; c = CALLS.poll()) {
            calls.add(c);
        }
        if (!calls.isEmpty()) {
            throw new AssertionError(calls.size() + " blocking call(s) on non-blocking threads during "
                    + context.getDisplayName() + ": " + calls);
        }
    }
}
