package dev.tortoise.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.SaveOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The internal way to an instance's bookkeeping: made on first use, reached only through {@link Instances}. */
class InstancesTest {

    @Meta(table = "inst_note")
    public static class Note extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String text;
    }

    /** A binding that knows no model: enough to see that it is stored and read back. */
    private static final InstanceBinding NOWHERE = new InstanceBinding() {
        @Override
        public dev.tortoise.model.ModelRegistry registry() {
            return null;
        }

        @Override
        public ModelMeta metaOrNull(Class<?> modelClass) {
            return null;
        }

        @Override
        public Mono<Void> saveInstance(Model instance, SaveOptions options) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> deleteInstance(Model instance, String connection) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> refreshInstance(Model instance, List<String> fields) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> fetchRelatedInstance(Model instance, List<String> relations) {
            return Mono.empty();
        }
    };

    @Test
    void theStateIsMadeOnFirstUseAndKeptAfterwards() {
        Note n = new Note();
        assertThat(Instances.stateIfPresent(n)).isNull();
        ModelState s = Instances.state(n);
        assertThat(Instances.stateIfPresent(n)).isSameAs(s);
        assertThat(Instances.state(n)).isSameAs(s);
    }

    @Test
    void aLoadedInstanceIsSavedPersistedAndBoundWithoutAState() {
        Note n = new Note();
        assertThat(n.isSaved()).isFalse();
        Instances.loaded(n, NOWHERE);
        assertThat(Instances.stateIfPresent(n)).isNull();
        assertThat(n.isSaved()).isTrue();
        assertThat(Instances.bindingOf(n)).isSameAs(NOWHERE);
        ModelState s = Instances.state(n);
        assertThat(s.saved()).isTrue();
        assertThat(s.persisted()).isTrue();
        assertThat(s.binding()).isSameAs(NOWHERE);
    }

    @Test
    void theStateWritesTheFlagsKeptOnTheInstance() {
        Note n = new Note();
        ModelState s = Instances.state(n);
        s.saved(true);
        assertThat(n.isSaved()).isTrue();
        assertThat(s.persisted()).isTrue();
        s.saved(false);
        assertThat(n.isSaved()).isFalse();
        assertThat(s.persisted()).isTrue();
        s.saved(true);
        s.persisted(false);
        assertThat(n.isSaved()).isFalse();
        assertThat(s.persisted()).isFalse();
        s.binding(NOWHERE);
        assertThat(Instances.binding(n)).isSameAs(NOWHERE);
    }

    @Test
    void theBridgeIsInstalledOnceByModel() {
        new Note();
        assertThatThrownBy(() -> Instances.install(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the model bridge is already installed");
    }

    @Test
    void modelHasNoPublicStaticMethods() {
        assertThat(Arrays.stream(Model.class.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()))
                .map(Method::getName)).isEmpty();
    }
}
