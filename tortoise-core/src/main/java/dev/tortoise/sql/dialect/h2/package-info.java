/** H2 (2.x) through r2dbc-h2: its dialect and the provider that registers it (and Tortoise's sqlite URLs). */
package dev.tortoise.sql.dialect.h2;
