package dev.tortoise.bench.spring;

import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.Repository;
import reactor.core.publisher.Flux;

/** S through Spring Data: a repository query with the join (Spring Data R2DBC has no relations to select). */
public interface ChildRepository extends Repository<SJoinedChild, Integer> {
    /** Every child with its parent, one INNER JOIN (the foreign key is NOT NULL). */
    String WITH_PARENT = "SELECT c.id, c.parent_id, c.level, c.text, p.id AS p_id, p.name AS p_name "
            + "FROM bench_child c INNER JOIN bench_parent p ON p.id = c.parent_id";

    @Query(WITH_PARENT)
    Flux<SJoinedChild> findAllWithParent();
}
