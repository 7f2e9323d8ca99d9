package dev.tortoise.bench.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.relational.core.mapping.Table;

/** A parent row; {@code children} is filled by the hand-written second query. */
@Table("bench_parent")
public class SParent {
    @Id
    public Integer id;
    public String name;
    @Transient
    public List<SChild> children = new ArrayList<>();
}
