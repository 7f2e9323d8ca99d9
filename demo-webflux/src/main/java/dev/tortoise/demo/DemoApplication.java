package dev.tortoise.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The demo: a WebFlux REST API over tournaments, events and teams. With no configuration it runs on an
 * embedded in-memory H2 database; {@code --spring.profiles.active=postgres} uses PostgreSQL at
 * 127.0.0.1:5432, database test, user postgres.
 */
@SpringBootApplication
public class DemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
