package io.headroom.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.opensearch.OpenSearchBackend;
import io.headroom.opensearch.OpenSearchSettings;
import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchDocument;
import io.headroom.search.lucene.LuceneSearchIndex;
import io.headroom.spring.HeadroomSearchIndexes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The OpenSearch backend's conditions, without a node: nothing listens on port 1, so no call succeeds. */
class OpenSearchAutoConfigurationTest {

    static final String NOWHERE = "headroom.opensearch.hosts=http://127.0.0.1:1";
    static final DocumentMapper<String> MAPPER = s -> SearchDocument.builder(s).text("text", s).build();

    final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            HeadroomAutoConfiguration.class, HeadroomOpenSearchAutoConfiguration.class,
            HeadroomSearchAutoConfiguration.class));

    @Test
    void hostsGiveABackendTheIndexesAndAHealthIndicatorThatIsDownWithoutANode() {
        runner.withPropertyValues(NOWHERE, "headroom.opensearch.call-timeout=500ms",
                "headroom.opensearch.index-prefix=app-", "headroom.search.indexes.people.default-page-size=5")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(OpenSearchBackend.class)
                            .hasSingleBean(HeadroomSearchIndexes.class);
                    OpenSearchSettings settings = ctx.getBean(OpenSearchBackend.class).settings();
                    assertThat(settings.hosts()).extracting(Object::toString).containsExactly("http://127.0.0.1:1");
                    assertThat(settings.indexPrefix()).isEqualTo("app-");
                    assertThat(ctx.getBean(HeadroomSearchIndexes.class).names()).containsExactly("people");
                    HealthIndicator health = ctx.getBean("headroomOpenSearchHealthIndicator", HealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                });
    }

    @Test
    void aMemoryIndexStaysOnLuceneBesideOpenSearch() {
        runner.withPropertyValues(NOWHERE, "headroom.search.indexes.drafts.backend=memory").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(HeadroomSearchIndexes.class).open("drafts", MAPPER))
                    .isInstanceOf(LuceneSearchIndex.class);
        });
    }

    @Test
    void withoutHostsOrWithoutSdkOpenSearchItBacksOffToLucene() {
        runner.withPropertyValues("headroom.search.indexes.people.default-page-size=5").run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(OpenSearchBackend.class)
                    .doesNotHaveBean("headroomOpenSearchHealthIndicator");
            assertThat(ctx.getBean(HeadroomSearchIndexes.class).open("people", MAPPER))
                    .isInstanceOf(LuceneSearchIndex.class);
        });
        runner.withClassLoader(new FilteredClassLoader(OpenSearchBackend.class))
                .withPropertyValues(NOWHERE, "headroom.search.indexes.people.default-page-size=5").run(ctx ->
                        assertThat(ctx).hasNotFailed().doesNotHaveBean("headroomOpenSearchBackend")
                                .hasSingleBean(HeadroomSearchIndexes.class));
    }

    @Test
    void aBackendOfTheApplicationIsUsed() {
        OpenSearchBackend own = OpenSearchBackend.connect(OpenSearchSettings.builder().hosts("http://127.0.0.1:1")
                .build());
        try {
            runner.withBean(OpenSearchBackend.class, () -> own, d -> d.setDestroyMethodName(""))
                    .withPropertyValues("headroom.search.indexes.people.default-page-size=5").run(ctx -> {
                        assertThat(ctx).hasNotFailed().hasSingleBean(OpenSearchBackend.class)
                                .hasBean("headroomOpenSearchHealthIndicator");
                        assertThat(ctx.getBean(OpenSearchBackend.class)).isSameAs(own);
                    });
        } finally {
            own.close();
        }
    }

    @Test
    void badValuesFailNamingTheProperty() {
        runner.withPropertyValues("headroom.opensearch.hosts=localhost-without-scheme").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.opensearch.hosts: "));
        runner.withPropertyValues(NOWHERE, "headroom.opensearch.username=admin").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.opensearch.password: "));
        runner.withPropertyValues("headroom.search.indexes.people.backend=opensearch").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.search.indexes.people.backend: ")
                        .contains("headroom.opensearch.hosts"));
        runner.withPropertyValues(NOWHERE, "headroom.search.indexes.people.backend=redis").run(ctx ->
                assertThat(StartupFailures.property(ctx)).startsWith("headroom.search.indexes.people.backend: "));
    }
}
