package io.headroom.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.headroom.counter.ShardedCounter;
import io.headroom.firestore.FirestoreBackend;
import io.headroom.firestore.FirestoreShardedCounter;
import io.headroom.notify.DispatchReceipt;
import io.headroom.notify.Notification;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchQuery;
import io.headroom.search.lucene.LuceneSearchIndex;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import io.headroom.spring.HeadroomRegistry;
import io.headroom.spring.HeadroomSearchIndexes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Firestore, Lucene search and the dispatcher: each present, absent and misconfigured. */
class BackendConditionsTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            HeadroomRedisAutoConfiguration.class, HeadroomFirestoreAutoConfiguration.class,
            HeadroomAutoConfiguration.class, HeadroomSearchAutoConfiguration.class));

    /** A client pointed at a closed port: building counters makes no call, so no emulator is needed here. */
    static Firestore unreachableFirestore() {
        return FirestoreOptions.newBuilder().setProjectId("demo").setEmulatorHost("127.0.0.1:1").build().getService();
    }

    @Test
    void aFirestoreBeanMakesFirestoreTheCountersBackend() {
        runner.withBean(Firestore.class, BackendConditionsTest::unreachableFirestore)
                .withPropertyValues("headroom.counter.counters.views.shards=2",
                        "headroom.counter.counters.local.backend=memory").run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(FirestoreBackend.class)
                            .hasBean("headroomFirestoreHealthIndicator");
                    HeadroomRegistry registry = ctx.getBean(HeadroomRegistry.class);
                    assertThat(registry.counter("views")).isInstanceOf(FirestoreShardedCounter.class);
                    assertThat(registry.counter("local")).isNotInstanceOf(FirestoreShardedCounter.class);
                });
    }

    @Test
    void aProjectIdBuildsTheFirestoreClient() {
        runner.withPropertyValues("headroom.firestore.project-id=demo", "headroom.firestore.emulator-host=127.0.0.1:1")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(Firestore.class);
                    assertThat(ctx.getBean(Firestore.class).getOptions().getProjectId()).isEqualTo("demo");
                });
    }

    @Test
    void withoutSdkFirestoreOrConfigurationThereIsNoFirestore() {
        runner.withPropertyValues("headroom.counter.counters.views.shards=1")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(FirestoreBackend.class)
                        .getBean(HeadroomRegistry.class).extracting(r -> r.counter("views"))
                        .isNotInstanceOf(FirestoreShardedCounter.class));
        runner.withClassLoader(new FilteredClassLoader(FirestoreBackend.class))
                .withPropertyValues("headroom.firestore.project-id=demo")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(Firestore.class));
    }

    @Test
    void aFirestoreCounterBackendWithoutFirestoreFailsNamingTheProperty() {
        runner.withPropertyValues("headroom.counter.counters.views.backend=firestore")
                .run(ctx -> assertThat(StartupFailures.property(ctx))
                        .startsWith("headroom.counter.counters.views.backend: ")
                        .contains("headroom.firestore.project-id"));
    }

    @Test
    void aRateLimiterCannotBeOnFirestore() {
        runner.withBean(Firestore.class, BackendConditionsTest::unreachableFirestore)
                .withPropertyValues("headroom.rate-limit.limiters.api.bandwidths[0]=1/1s",
                        "headroom.rate-limit.limiters.api.backend=firestore")
                .run(ctx -> assertThat(StartupFailures.property(ctx))
                        .startsWith("headroom.rate-limit.limiters.api.backend: "));
    }

    @Test
    void searchIndexesOpenFromADirectoryAndCloseAtShutdown(@TempDir Path dir) {
        SearchIndex<?>[] opened = new SearchIndex<?>[1];
        runner.withPropertyValues("headroom.search.indexes.places.directory=" + dir.resolve("places"),
                "headroom.search.indexes.places.default-page-size=5").run(ctx -> {
            HeadroomSearchIndexes indexes = ctx.getBean(HeadroomSearchIndexes.class);
            assertThat(indexes.names()).containsExactly("places");
            io.headroom.search.DocumentMapper<String> mapper = s -> SearchDocument.builder(s).text("text", s).build();
            SearchIndex<String> places = indexes.open("places", mapper);
            assertThat(indexes.open("places", mapper)).isSameAs(places);
            assertThat(places.config().defaultPageSize()).isEqualTo(5);
            places.upsert("harbour");
            places.refresh();
            assertThat(places.search(SearchQuery.builder().text("harbour").build()).hits()).hasSize(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> indexes.open("people", mapper))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[places]");
            opened[0] = places;
        });
        assertThat(Files.isDirectory(dir.resolve("places"))).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> opened[0].refresh())
                .isInstanceOf(io.headroom.ClosedException.class);
    }

    @Test
    void aBadSearchSettingFailsNamingTheProperty() {
        runner.withPropertyValues("headroom.search.indexes.places.default-page-size=0")
                .run(ctx -> assertThat(StartupFailures.property(ctx))
                        .startsWith("headroom.search.indexes.places."));
    }

    @Test
    void withoutSdkSearchThereAreNoIndexes() {
        runner.withClassLoader(new FilteredClassLoader(LuceneSearchIndex.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(HeadroomSearchIndexes.class));
    }

    @Test
    void aDispatcherNeedsAPushProviderAndDrainsAtShutdown() {
        runner.withPropertyValues("headroom.dispatch.dispatchers.push.max-batch-size=10")
                .run(ctx -> assertThat(StartupFailures.property(ctx))
                        .startsWith("headroom.dispatch.dispatchers.push: ").contains("PushProvider"));
        List<Notification> sent = new CopyOnWriteArrayList<>();
        PushProvider provider = batch -> {
            sent.addAll(batch);
            return CompletableFuture.completedFuture(batch.stream().map(n -> SendResult.delivered("m")).toList());
        };
        runner.withBean(PushProvider.class, () -> provider)
                .withPropertyValues("headroom.dispatch.dispatchers.push.max-batch-delay=1m",
                        "headroom.dispatch.dispatchers.push.max-batch-size=100",
                        "headroom.counter.counters.views.shards=1").run(ctx -> {
                    DispatchReceipt r = ctx.getBean(HeadroomRegistry.class).dispatcher("push")
                            .submit(Notification.to("device-1").title("hi").body("there").build());
                    assertThat(r).isNotNull();
                });
        // the batch waited for a minute-long delay; closing the context drained it
        assertThat(sent).hasSize(1);
    }

    @Test
    void countersOnFirestoreAreNotCreatedWithoutTheModule() {
        runner.withClassLoader(new FilteredClassLoader(FirestoreBackend.class))
                .withBean(Firestore.class, BackendConditionsTest::unreachableFirestore)
                .withPropertyValues("headroom.counter.counters.views.shards=1")
                .run(ctx -> assertThat(ctx.getBean(HeadroomRegistry.class).counter("views"))
                        .isInstanceOf(ShardedCounter.class).isNotInstanceOf(FirestoreShardedCounter.class));
    }
}
