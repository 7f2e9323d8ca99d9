/** PostgreSQL through r2dbc-postgresql: its dialect and the provider that registers it. */
package dev.tortoise.sql.dialect.postgres;
