package dev.tortoise.internal.execution;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.execution.Router;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.model.ModelMeta;
import java.util.List;
import java.util.Map;

/** Names the connection a query runs on (explicit, else the routers' choice, else the model's app default) and finds it. */
final class ConnectionRouter {
    private final Map<String, DatabaseConnection> connections;
    private final List<Router> routers;

    ConnectionRouter(Map<String, DatabaseConnection> connections, List<Router> routers) {
        this.connections = connections;
        this.routers = List.copyOf(routers);
    }

    /** The connection a query runs on: explicit, else the routers' choice, else the model's app default. */
    String route(CompiledQuery q) {
        if (q.connection() != null) {
            return q.connection();
        }
        ModelMeta m = q.model();
        if (m != null) {
            for (Router r : routers) {
                String name = q.operation().write() ? r.dbForWrite(m) : r.dbForRead(m);
                if (name != null && connections.containsKey(name)) {
                    return name;
                }
            }
            return m.connectionName();
        }
        return connections.keySet().iterator().next();
    }

    /** The named connection; ConfigurationError naming the known ones when there is none. */
    DatabaseConnection connection(String name) {
        DatabaseConnection db = connections.get(name);
        if (db == null) {
            throw new ConfigurationError("Unknown connection \"" + name + "\"; connections: " + connections.keySet());
        }
        return db;
    }
}
