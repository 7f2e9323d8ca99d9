package dev.tortoise.test.autoconfigure.shop;

import dev.tortoise.ModelManager;
import dev.tortoise.test.autoconfigure.shop.models.Product;
import dev.tortoise.test.autoconfigure.shop.models.Purchase;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/** Service code under test: Spring-managed transactions around ORM calls. */
@Service
public class ShopService {
    private final ModelManager models;

    public ShopService(ModelManager models) {
        this.models = models;
    }

    /** Creates the product and a purchase of it, in one transaction. */
    @Transactional
    public Mono<Purchase> buyNew(String productName, int quantity) {
        return models.of(Product.class).create("name", productName)
                .flatMap(p -> models.of(Purchase.class).create("product", p, "quantity", quantity));
    }

    /** Creates the product, then fails: the transaction rolls back. */
    @Transactional
    public Mono<Purchase> buyNewThenFail(String productName) {
        return models.of(Product.class).create("name", productName)
                .then(Mono.error(new IllegalStateException("payment refused")));
    }
}
