/** MariaDB (10.5+) and MySQL through r2dbc-mariadb: its dialect and the provider that registers it (and Tortoise's mysql URLs). */
package dev.tortoise.sql.dialect.mariadb;
