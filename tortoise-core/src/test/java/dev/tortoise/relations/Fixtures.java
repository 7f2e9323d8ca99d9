package dev.tortoise.relations;

import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.field.OnDelete;
import dev.tortoise.field.OneToOneField;
import dev.tortoise.field.TextField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.relation.OneToOne;
import dev.tortoise.relation.ReverseOneToOne;
import dev.tortoise.relation.ReverseRelation;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** Tortoise's own relation fixture shapes: tournaments, events, teams, addresses and employees. */
final class Fixtures {
    private Fixtures() {
    }

    @Meta(table = "tournament")
    public static class Tournament extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 255)
        public String name;
        @DatetimeField(autoNowAdd = true)
        public OffsetDateTime created;
        public ReverseRelation<Event> events;
    }

    @Meta(table = "event", ordering = "name")
    public static class Event extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 255)
        public String name;
        @ForeignKeyField(relatedName = "events")
        public ForeignKey<Tournament> tournament;
        @ManyToManyField(relatedName = "events", through = "event_team")
        public ManyToMany<Team> participants;
        @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public BigDecimal prize;
        public ReverseOneToOne<Address> address;
    }

    @Meta(table = "team", ordering = "name")
    public static class Team extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 255)
        public String name;
        public ManyToMany<Event> events;
    }

    @Meta(table = "address")
    public static class Address extends Model {
        @CharField(maxLength = 64)
        public String city;
        @CharField(maxLength = 128)
        public String street;
        @OneToOneField(relatedName = "address", onDelete = OnDelete.CASCADE, primaryKey = true)
        public OneToOne<Event> event;
    }

    @Meta(table = "employee")
    public static class Employee extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @ForeignKeyField(relatedName = "team_members", nullable = true, onDelete = OnDelete.SET_NULL)
        public ForeignKey<Employee> manager;
        @ManyToManyField(relatedName = "gets_talked_to")
        public ManyToMany<Employee> talks_to;
        public ReverseRelation<Employee> team_members;
        public ManyToMany<Employee> gets_talked_to;
    }

    @Meta(table = "node")
    public static class Node extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @TextField(nullable = true)
        public String label;
        @ForeignKeyField(relatedName = "children", nullable = true)
        public ForeignKey<Node> left;
    }

    static final Class<?>[] ALL = {Tournament.class, Event.class, Team.class, Address.class, Employee.class,
        Node.class};
}
