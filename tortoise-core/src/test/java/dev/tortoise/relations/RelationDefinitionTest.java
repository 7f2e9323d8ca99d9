package dev.tortoise.relations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.field.CharField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.field.OnDelete;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelationDefinitionTest {

    @SafeVarargs
    private static Tortoise init(Class<? extends Model>... models) {
        return Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:").models(models)
                .build());
    }

    public static class Parent extends Model {
        @CharField(maxLength = 20)
        public String name;
    }

    public static class SetNullWithoutNull extends Model {
        @ForeignKeyField(onDelete = OnDelete.SET_NULL)
        public ForeignKey<Parent> parent;
    }

    @Test
    void setNullWithoutNullableNamesBothModels() {
        assertThatThrownBy(() -> init(Parent.class, SetNullWithoutNull.class))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("SetNullWithoutNull.parent -> Parent: If on_delete is SET_NULL, then field must have "
                        + "null=True set");
    }

    public static class Orphan extends Model {
        @ForeignKeyField
        public ForeignKey<Parent> parent;
    }

    @Test
    void aTargetThatIsNotRegisteredIsAConfigurationError() {
        assertThatThrownBy(() -> init(Orphan.class))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("Relation Orphan.parent points to Parent, which is not a registered model (add its package "
                        + "or class to an app's models)");
    }

    public static class ClashA extends Model {
        @ForeignKeyField(relatedName = "name")
        public ForeignKey<Parent> parent;
    }

    @Test
    void aReverseNameClashingWithAFieldNamesBothModels() {
        assertThatThrownBy(() -> init(Parent.class, ClashA.class))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("backward relation \"name\" duplicates in model Parent (from ClashA.parent)");
    }

    public static class TwiceA extends Model {
        @ForeignKeyField(relatedName = "kids")
        public ForeignKey<Parent> parent;
    }

    public static class TwiceB extends Model {
        @ForeignKeyField(relatedName = "kids")
        public ForeignKey<Parent> parent;
    }

    @Test
    void twoRelationsWithTheSameReverseNameClash() {
        assertThatThrownBy(() -> init(Parent.class, TwiceA.class, TwiceB.class))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("backward relation \"kids\" duplicates in model Parent (from TwiceB.parent)");
    }

    public static class WrongHolder extends Model {
        @ForeignKeyField
        public ManyToMany<Parent> parent;
    }

    @Test
    void aRelationAnnotationOnTheWrongHolderType() {
        assertThatThrownBy(() -> init(Parent.class, WrongHolder.class))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("WrongHolder.parent: @ForeignKeyField needs a ForeignKey<Parent> attribute");
    }

    public static class Lonely extends Model {
        public ReverseRelation<Parent> nobody;
    }

    @Test
    void aDeclaredReverseSideWithoutARelation() {
        assertThatThrownBy(() -> init(Parent.class, Lonely.class))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("Model Lonely declares the reverse relation 'nobody' but no relation names it");
    }

    @Meta(table = "cy_a")
    public static class CycleA extends Model {
        @ForeignKeyField(relatedName = ForeignKeyField.NONE)
        public ForeignKey<CycleB> b;
    }

    @Meta(table = "cy_b")
    public static class CycleB extends Model {
        @ForeignKeyField(relatedName = ForeignKeyField.NONE)
        public ForeignKey<CycleA> a;
    }

    @Test
    void aCycleOfNotNullKeysIsAnErrorNamingTheCycle() {
        Tortoise t = init(CycleA.class, CycleB.class);
        try {
            assertThatThrownBy(() -> t.getSchemaSql("default", false))
                    .isInstanceOf(ConfigurationError.class)
                    .hasMessage("Can't create schema due to cyclic fk references: CycleA -> CycleB -> CycleA (make one "
                            + "of these keys nullable)");
        } finally {
            t.close().block(Duration.ofSeconds(5));
        }
    }

    @Meta(table = "nc_a")
    public static class NullableCycleA extends Model {
        @ForeignKeyField(relatedName = ForeignKeyField.NONE, nullable = true)
        public ForeignKey<NullableCycleB> b;
    }

    @Meta(table = "nc_b")
    public static class NullableCycleB extends Model {
        @ForeignKeyField(relatedName = ForeignKeyField.NONE)
        public ForeignKey<NullableCycleA> a;
    }

    @DatabaseTest
    void aCycleThroughANullableKeyAddsThatConstraintAfterTheTables(DatabaseKind db) {
        try (Env env = Env.start(db, NullableCycleA.class, NullableCycleB.class)) {
            String ddl = env.tortoise().getSchemaSql("default", false);
            assertThat(ddl).startsWith(ExpectedSql.on(db, "CREATE TABLE \"nc_a\"")).contains(ExpectedSql.on(db, "ALTER TABLE \"nc_a\" ADD CONSTRAINT"));
            NullableCycleA a = env.of(NullableCycleA.class).create(Map.of()).block(Env.TIMEOUT);
            NullableCycleB b = env.of(NullableCycleB.class).create("a", a).block(Env.TIMEOUT);
            a.b.set(b);
            a.save().block(Env.TIMEOUT);
            assertThat(env.of(NullableCycleA.class).filter("b__a", a).count().block(Env.TIMEOUT)).isEqualTo(1);
            // Safe mode runs again without failing on the existing constraint.
            env.tortoise().generateSchemas(true).block(Env.TIMEOUT);
        }
    }

    @Meta(table = "country")
    public static class Country extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 3, unique = true)
        public String code;
    }

    @Meta(table = "city")
    public static class City extends Model {
        @CharField(maxLength = 30)
        public String name;
        @ForeignKeyField(toField = "code", relatedName = "cities", dbConstraint = false)
        public ForeignKey<Country> country;
    }

    @DatabaseTest
    void toFieldReferencesAUniqueFieldAndDbConstraintFalseCreatesNoConstraint(DatabaseKind db) {
        try (Env env = Env.start(db, Country.class, City.class)) {
            assertThat(env.tortoise().getSchemaSql("default", false)).doesNotContain("FOREIGN KEY");
            Country fr = env.of(Country.class).create("code", "FRA").block(Env.TIMEOUT);
            City paris = env.of(City.class).create("name", "Paris", "country", fr).block(Env.TIMEOUT);
            assertThat(paris.country.id()).isEqualTo("FRA");
            City loaded = env.of(City.class).selectRelated("country").get("name", "Paris").block(Env.TIMEOUT);
            assertThat(loaded.country.get().id).isEqualTo(fr.id);
            Country withCities = env.of(Country.class).prefetchRelated("cities").get("code", "FRA")
                    .block(Env.TIMEOUT);
            ReverseRelation<City> cities = withCities.relation("cities");
            assertThat(cities.list()).extracting(c -> c.name).containsExactly("Paris");
            assertThat(env.of(City.class).filter("country__code", "FRA").count().block(Env.TIMEOUT)).isEqualTo(1);
        }
    }

    @Meta(table = "owner")
    public static class Owner extends Model {
        @CharField(maxLength = 20)
        public String name;
    }

    @Meta(table = "pet")
    public static class Pet extends Model {
        @CharField(maxLength = 20)
        public String name;
        @ForeignKeyField(onDelete = OnDelete.RESTRICT, relatedName = "pets")
        public ForeignKey<Owner> owner;
    }

    @DatabaseTest
    void restrictRefusesToDeleteAReferencedRowAndKeepsBoth(DatabaseKind db) {
        try (Env env = Env.start(db, Owner.class, Pet.class)) {
            Owner o = env.of(Owner.class).create("name", "Ann").block(Env.TIMEOUT);
            env.of(Pet.class).create("name", "Rex", "owner", o).block(Env.TIMEOUT);
            assertThatThrownBy(() -> o.delete().block(Env.TIMEOUT))
                    .isInstanceOf(dev.tortoise.exception.IntegrityError.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("DELETE FROM"));
            assertThat(env.countRows("owner")).isEqualTo(1);
            assertThat(env.countRows("pet")).isEqualTo(1);
            assertThatThrownBy(() -> env.of(Pet.class).build(Map.of("name", "Tom", "owner", new Parent())))
                    .isInstanceOf(dev.tortoise.exception.ValidationError.class)
                    .hasMessage("Invalid type for relationship field 'owner' of Pet: expected Owner, got Parent");
        }
    }

    public static class BadToField extends Model {
        @ForeignKeyField(toField = "name")
        public ForeignKey<Parent> parent;
    }

    @Test
    void toFieldMustBeUnique() {
        assertThatThrownBy(() -> init(Parent.class, BadToField.class))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("Relation BadToField.parent: field 'name' of Parent is not unique");
    }

    @Meta(table = "student")
    public static class Student extends Model {
        @CharField(maxLength = 20)
        public String name;
        @ManyToManyField(through = "enrolment", throughModel = Enrolment.class, forwardKey = "course_id",
                backwardKey = "student_id", relatedName = "students")
        public ManyToMany<Course> courses;
    }

    @Meta(table = "course")
    public static class Course extends Model {
        @CharField(maxLength = 20)
        public String title;
    }

    @Meta(table = "enrolment")
    public static class Enrolment extends Model {
        @ForeignKeyField(relatedName = ForeignKeyField.NONE)
        public ForeignKey<Student> student;
        @ForeignKeyField(relatedName = ForeignKeyField.NONE)
        public ForeignKey<Course> course;
        @IntField(nullable = true)
        public Integer grade;
    }

    @DatabaseTest
    void aThroughModelOwnsTheJoinTable(DatabaseKind db) {
        try (Env env = Env.start(db, Student.class, Course.class, Enrolment.class)) {
            String ddl = env.tortoise().getSchemaSql("default", false);
            assertThat(ddl.split(ExpectedSql.on(db, "CREATE TABLE \"enrolment\""), -1)).hasSize(2);
            Student s = env.of(Student.class).create("name", "Ann").block(Env.TIMEOUT);
            Course c = env.of(Course.class).create("title", "Maths").block(Env.TIMEOUT);
            s.courses.add(c).block(Env.TIMEOUT);
            assertThat(env.of(Enrolment.class).filter("student", s).count().block(Env.TIMEOUT)).isEqualTo(1);
            Course loaded = env.of(Course.class).prefetchRelated("students").get("title", "Maths").block(Env.TIMEOUT);
            ManyToMany<Student> students = loaded.relation("students");
            assertThat(students.list()).extracting(x -> x.name).containsExactly("Ann");
            List<Map<String, Object>> rows = env.of(Enrolment.class).values("student_id", "course__title").toList()
                    .block(Env.TIMEOUT);
            assertThat(rows).containsExactly(Map.of("student_id", s.pk(), "course__title", "Maths"));
        }
    }
}
