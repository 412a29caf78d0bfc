package io.headroom.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.HeadroomException;
import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchException;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneSearchIndexTest {

    @Test
    void anIndexOnDiskKeepsItsDocumentsAcrossReopen(@TempDir Path dir) {
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.open("disk", dir, DocumentMapper.identity(),
                ForkJoinPool.commonPool())) {
            index.upsert(SearchDocument.of("a").withText("t", "persisted"));
        }
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.open("disk", dir, DocumentMapper.identity(),
                ForkJoinPool.commonPool())) {
            assertThat(index.search(SearchQuery.builder().text("persisted").build()).hits()).hasSize(1);
        }
    }

    @Test
    void aClosedIndexFailsWithATypedException() {
        SearchIndex<SearchDocument> index = LuceneSearchIndex.inMemory("closed", DocumentMapper.identity());
        index.close();
        index.close(); // idempotent
        assertThatThrownBy(() -> index.search(SearchQuery.builder().build()))
                .isInstanceOf(SearchException.class).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> index.upsert(SearchDocument.of("x"))).isInstanceOf(SearchException.class);
    }

    @Test
    void badFactoryArgumentsFailFast() {
        assertThatThrownBy(() -> LuceneSearchIndex.inMemory("", DocumentMapper.identity()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> LuceneSearchIndex.inMemory("n", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mapper");
    }

    /** Every sync query method has an async twin with the same parameters returning a CompletionStage of its type. */
    @Test
    void syncAndAsyncApisStayInStep() throws Exception {
        for (Method m : SearchIndex.class.getDeclaredMethods()) {
            if (m.getName().endsWith("Async")) {
                Method sync = SearchIndex.class.getMethod(m.getName().replace("Async", ""), m.getParameterTypes());
                assertThat(m.getReturnType()).isEqualTo(CompletionStage.class);
                assertThat(((ParameterizedType) m.getGenericReturnType()).getActualTypeArguments()[0])
                        .isEqualTo(sync.getGenericReturnType());
            }
        }
        assertThat(Arrays.stream(SearchIndex.class.getDeclaredMethods()).map(Method::getName))
                .contains("search", "searchAsync");
        assertThat(SearchPage.class).isNotNull();
    }
}
