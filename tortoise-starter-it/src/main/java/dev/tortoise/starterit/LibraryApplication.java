package dev.tortoise.starterit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small application as a new user writes it: models with a foreign key, a many-to-many relation, a JSON field
 * and validators; a service with {@code @Transactional} methods; a controller injecting {@code ModelManager};
 * {@code tortoise.*} in application.yml.
 */
@SpringBootApplication
public class LibraryApplication {

    public static void main(String[] args) {
        SpringApplication.run(LibraryApplication.class, args);
    }
}
