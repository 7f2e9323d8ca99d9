package dev.tortoise.bench.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.relational.core.mapping.Table;

/** An item; {@code tags} is filled by the hand-written second query through the join table. */
@Table("bench_item")
public class SItem {
    @Id
    public Integer id;
    public String name;
    @Transient
    public List<STag> tags = new ArrayList<>();
}
