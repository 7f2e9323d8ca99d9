package dev.tortoise.starterit.flyway;

/** Flyway on the embedded H2 database: {vendor} is "h2", the JDBC URL names the same in-memory database. */
class H2FlywayTest extends FlywayLibraryTests {
    @Override
    String vendor() {
        return "h2";
    }
}
