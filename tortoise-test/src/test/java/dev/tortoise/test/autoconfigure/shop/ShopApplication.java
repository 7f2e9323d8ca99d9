package dev.tortoise.test.autoconfigure.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application the slice tests find: its package holds the models, a service and a component. */
@SpringBootApplication
public class ShopApplication {
}
