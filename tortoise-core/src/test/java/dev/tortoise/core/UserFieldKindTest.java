package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.field.FieldDeclaration;
import dev.tortoise.field.FieldType;
import dev.tortoise.field.FieldTypeFactory;
import dev.tortoise.field.IntField;
import dev.tortoise.field.TortoiseField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** A field kind of the user's own, plugged in through {@code @TortoiseField(factory = ...)}. */
class UserFieldKindTest {

    /** A slug: text stored lower-case with dashes for spaces. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @TortoiseField(factory = SlugFactory.class)
    public @interface SlugField {
        int maxLength() default 40;

        boolean nullable() default false;

        boolean unique() default false;
    }

    public static final class SlugFactory implements FieldTypeFactory {
        @Override
        public FieldType create(FieldDeclaration d) {
            return new SlugType(d.field(), d.javaType(), d.maxLength());
        }
    }

    static final class SlugType extends FieldType {
        private final ColumnType column;

        SlugType(String field, Class<?> javaType, int maxLength) {
            super(field, javaType);
            this.column = ColumnType.varchar(maxLength);
        }

        @Override
        public String typeName() {
            return "SlugField";
        }

        @Override
        public String pythonType() {
            return "str";
        }

        @Override
        public ColumnType columnType() {
            return column;
        }

        @Override
        public Class<?> readClass() {
            return String.class;
        }

        @Override
        protected boolean accepts(Class<?> boxed) {
            return boxed == String.class;
        }

        @Override
        protected String expectedJavaTypes() {
            return "String";
        }

        @Override
        public boolean isText() {
            return true;
        }

        @Override
        public Object coerce(Object input) {
            if (input == null) {
                return null;
            }
            if (!(input instanceof String s)) {
                throw invalid(input);
            }
            return s.strip().toLowerCase(Locale.ROOT).replace(' ', '-');
        }
    }

    @Meta(table = "article")
    public static class Article extends Model {
        @IntField(primaryKey = true, generated = true)
        public Integer id;
        @SlugField(unique = true)
        public String slug;
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @TortoiseField
    public @interface NoFactoryField {
    }

    @Meta(table = "broken")
    public static class Broken extends Model {
        @NoFactoryField
        public String text;
    }

    @DatabaseTest
    void aUserKindConvertsStoresAndFiltersItsValues(DatabaseKind db) {
        try (Env env = Env.start(db, Article.class)) {
            env.of(Article.class).create(java.util.Map.of("slug", " Hello World")).block(Env.TIMEOUT);
            StepVerifier.create(env.of(Article.class).filter("slug__startswith", "hello-").valuesList(true, "slug"))
                    .expectNext("hello-world")
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Article.class).filter("slug", "Hello World").count())
                    .expectNext(1L)
                    .expectComplete().verify(Env.TIMEOUT);
            // Declared as text, so its LIKE needs no cast.
            assertThat(env.of(Article.class).filter("slug__contains", "lo").sql().text())
                    .isEqualTo(ExpectedSql.on(db, "SELECT \"article\".\"id\",\"article\".\"slug\" FROM \"article\" WHERE "
                            + "\"article\".\"slug\" LIKE $1 ESCAPE '\\'"));
            assertThat(env.tortoise().describe(Article.class).toString()).contains("field_type=SlugField");
        }
    }

    @Test
    void aFieldAnnotationWithoutAFactoryIsAConfigurationError() {
        assertThatThrownBy(() -> Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:")
                .models(Broken.class).build()))
                .isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Broken.text: unknown field annotation @NoFactoryField");
    }
}
