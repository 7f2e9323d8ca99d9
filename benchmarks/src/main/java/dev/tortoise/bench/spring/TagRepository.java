package dev.tortoise.bench.spring;

import java.util.Collection;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;
import reactor.core.publisher.Flux;

/** P2's second query through Spring Data: the tags of some items through the join table (no M2M in Spring Data R2DBC). */
public interface TagRepository extends Repository<STagLink, Integer> {
    /** The tags of the items, each with the item it belongs to. */
    String OF_ITEMS = "SELECT it.item_id, t.id, t.name FROM bench_tag t JOIN bench_item_tag it "
            + "ON it.tag_id = t.id WHERE it.item_id IN (:ids)";

    @Query(OF_ITEMS)
    Flux<STagLink> findByItemIds(@Param("ids") Collection<Integer> ids);
}
