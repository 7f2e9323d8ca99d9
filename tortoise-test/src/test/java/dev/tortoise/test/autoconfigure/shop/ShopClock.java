package dev.tortoise.test.autoconfigure.shop;

import org.springframework.stereotype.Component;

/** A component the slice does not scan. */
@Component
public class ShopClock {
}
