/** Migrations from models (aerich's role): state snapshots, the differ, and Flyway migrations per database. */
package dev.tortoise.migrations;
