package dev.tortoise.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.internal.model.HolderInit;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.relation.ReverseRelation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A new instance's relation holders are made by its class's initialiser: a generated one (a hidden class) up to
 * the template's slots, the loop beyond them, both making one attached holder per attribute, inherited ones
 * included, whether the instance is made with {@code new} or by the ORM. No database is involved.
 */
class HoldersTest {
    public static class Base extends Model {
        public ForeignKey<Base> parent;
    }

    public static class Two extends Base {
        public ReverseRelation<Two> children;
        public String plain;
    }

    public static class None extends Model {
        public Integer id;
    }

    public static class AlsoNone extends Model {
    }

    public static class Nine extends Model {
        public ForeignKey<Nine> f1;
        public ForeignKey<Nine> f2;
        public ForeignKey<Nine> f3;
        public ReverseRelation<Nine> r1;
        public ReverseRelation<Nine> r2;
        public ReverseRelation<Nine> r3;
        public ManyToMany<Nine> m1;
        public ManyToMany<Nine> m2;
        public ManyToMany<Nine> m3;
    }

    private static List<Object> holders(Nine n) {
        return List.of(n.f1, n.f2, n.f3, n.r1, n.r2, n.r3, n.m1, n.m2, n.m3);
    }

    @Test
    void upToTheSlotsAGeneratedInitialiserMakesEachHolderAttachedToItsOwner() {
        HolderInit init = Holders.of(Two.class);
        assertThat(init.getClass().isHidden()).isTrue();
        assertThat(Holders.of(Two.class)).isSameAs(init);
        Two a = new Two();
        Two b = new Two();
        assertThat(a.parent.owner()).isSameAs(a);
        assertThat(a.parent.name()).isEqualTo("parent");
        assertThat(a.children.owner()).isSameAs(a);
        assertThat(a.children.name()).isEqualTo("children");
        assertThat(b.parent).isNotSameAs(a.parent);
        assertThat(b.children.owner()).isSameAs(b);
        assertThat(a.plain).isNull();
        // The loop makes the same: a new holder per attribute, attached under its name.
        Holders.loop(Two.class).init(a);
        assertThat(a.parent).isNotSameAs(b.parent);
        assertThat(List.of(a.parent.owner(), a.children.owner())).containsExactly(a, a);
        assertThat(List.of(a.parent.name(), a.children.name())).containsExactly("parent", "children");
        Base base = new Base();
        assertThat(base.parent.owner()).isSameAs(base);
        assertThat(Holders.of(Base.class)).isNotSameAs(init);
    }

    @Test
    void beyondTheSlotsAndWithoutHoldersNoClassIsGenerated() {
        assertThat(Holders.of(Nine.class).getClass().isHidden()).isFalse();
        Nine n = new Nine();
        List<Object> made = holders(n);
        assertThat(made).doesNotContainNull().doesNotHaveDuplicates();
        List<String> names = new ArrayList<>();
        for (Object h : made) {
            if (h instanceof ForeignKey<?> f) {
                assertThat(f.owner()).isSameAs(n);
                names.add(f.name());
            } else if (h instanceof ReverseRelation<?> r) {
                assertThat(r.owner()).isSameAs(n);
                names.add(r.name());
            } else {
                assertThat(((ManyToMany<?>) h).owner()).isSameAs(n);
                names.add(((ManyToMany<?>) h).name());
            }
        }
        assertThat(names).containsExactly("f1", "f2", "f3", "r1", "r2", "r3", "m1", "m2", "m3");
        // Classes without holder attributes share one initialiser that does nothing.
        assertThat(Holders.of(None.class)).isSameAs(Holders.of(AlsoNone.class));
        assertThat(new None().id).isNull();
    }
}
