package dev.tortoise.sql.render;

import dev.tortoise.sql.ast.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered SQL text per statement shape, least recently used dropped first beyond its capacity.
 * Keys are statement trees, whose equality ignores bind values ({@link dev.tortoise.sql.ast.Bind}).
 */
final class StatementCache {
    /**
     * The text of one statement shape and how many bind markers it has; {@code markers} are those
     * markers when every one is a {@link dev.tortoise.sql.ast.Bind#isSlot slot} (they hold no value,
     * so a statement of this shape reuses them with its own values, walking nothing), else null.
     */
    record Template(String sql, int binds, java.util.List<dev.tortoise.sql.ast.Bind> markers) {
    }

    /** A statement as a cache key, its (tree-walking) hash computed once. */
    static final class Key {
        final Statement statement;
        final int hash;

        Key(Statement statement) {
            this.statement = statement;
            this.hash = statement.getClass().hashCode() * 31 + statement.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.statement.getClass() == statement.getClass()
                    && k.statement.equals(statement);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final int capacity;
    private final LinkedHashMap<Key, Template> entries;

    StatementCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 64) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Template> eldest) {
                return size() > StatementCache.this.capacity;
            }
        };
    }

    int capacity() {
        return capacity;
    }

    synchronized Template get(Key key) {
        return entries.get(key);
    }

    synchronized void put(Key key, Template template) {
        entries.put(key, template);
    }

    synchronized int size() {
        return entries.size();
    }
}
