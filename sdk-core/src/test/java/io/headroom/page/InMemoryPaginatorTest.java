package io.headroom.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.page.internal.SortValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/** Multi-key sorts, nulls and mixed value types on the in-memory paginator, against a sorted list. */
class InMemoryPaginatorTest {

    record Row(String id, @Nullable String city, @Nullable Long age, Instant joined) {
    }

    static final FieldExtractor<Row> FIELDS = FieldExtractor.<Row>builder(Row::id)
            .field("city", Row::city).field("age", Row::age).field("joined", Row::joined).build();

    @Provide
    Arbitrary<List<Row>> rows() {
        return Combinators.combine(Arbitraries.of("Oslo", "Lima", "Pune").injectNull(0.2),
                        Arbitraries.longs().between(0, 3).injectNull(0.2),
                        Arbitraries.longs().between(0, 3).map(s -> Instant.ofEpochSecond(1_700_000_000L + s)))
                .as((c, a, j) -> new Object[] {c, a, j}).list().ofMaxSize(50).map(raw -> {
                    List<Row> out = new ArrayList<>();
                    for (int i = 0; i < raw.size(); i++) {
                        out.add(new Row("r" + i, (String) raw.get(i)[0], (Long) raw.get(i)[1], (Instant) raw.get(i)[2]));
                    }
                    return out;
                });
    }

    @Provide
    Arbitrary<Sort> sorts() {
        return Arbitraries.of("city", "age", "joined").list().uniqueElements().ofMinSize(1).ofMaxSize(3)
                .flatMap(fs -> Arbitraries.of(true, false).list().ofSize(fs.size()).map(dirs -> {
                    List<SortKey> keys = new ArrayList<>();
                    for (int i = 0; i < fs.size(); i++) {
                        keys.add(dirs.get(i) ? SortKey.asc(fs.get(i)) : SortKey.desc(fs.get(i)));
                    }
                    return Sort.of(keys, Sort.ID);
                }));
    }

    static Comparator<Row> comparator(Sort sort) {
        Comparator<List<@Nullable Object>> keys = InMemoryPageStore.comparator(sort);
        return (a, b) -> keys.compare(key(a, sort), key(b, sort));
    }

    static List<@Nullable Object> key(Row r, Sort sort) {
        List<@Nullable Object> k = new ArrayList<>();
        sort.keys().forEach(sk -> k.add(FIELDS.value(r, sk.field())));
        k.add(r.id());
        return k;
    }

    @Property(tries = 150)
    void multiKeySortsPageLikeASortedList(@ForAll("rows") List<Row> rows, @ForAll("sorts") Sort sort,
                                          @ForAll @IntRange(min = 1, max = 7) int size, @ForAll boolean backward) {
        InMemoryPageStore<Row> store = InMemoryPageStore.create(FIELDS);
        store.putAll(rows);
        Paginator<Row> p = Paginator.inMemory(PaginatorConfig.ofDefaults(), store);
        List<Row> want = new ArrayList<>(rows);
        want.sort(comparator(sort));
        PageRequest first = PageRequest.builder(sort).size(size)
                .direction(backward ? PageDirection.BACKWARD : PageDirection.FORWARD).build();
        List<List<Row>> pages = new ArrayList<>();
        Page<Row> page = p.page(first);
        pages.add(page.items());
        while (backward ? page.hasPrevious() : page.hasNext()) {
            page = p.page(backward ? first.previous(page) : first.next(page));
            pages.add(page.items());
        }
        List<Row> all = new ArrayList<>();
        if (backward) {
            for (int i = pages.size() - 1; i >= 0; i--) {
                all.addAll(pages.get(i));
            }
        } else {
            pages.forEach(all::addAll);
        }
        assertThat(all).containsExactlyElementsOf(want);
    }

    @Example
    void nullsSortFirstAscendingAndValueTypesHaveAFixedOrder() {
        assertThat(SortValues.compare(null, false)).isNegative();
        assertThat(SortValues.compare(true, 0L)).isNegative();
        assertThat(SortValues.compare(3L, 2.5)).isPositive();
        assertThat(SortValues.compare(Long.MAX_VALUE, 9.223372036854775807E18)).isNegative();
        assertThat(SortValues.compare(1e300, Instant.EPOCH)).isNegative();
        assertThat(SortValues.compare(Instant.MAX, "")).isNegative();
        assertThat(SortValues.compareStrings("\uffff", "\ud83d\ude00")).isNegative();
        assertThat(SortValues.normalize(7, "f")).isEqualTo(7L);
        assertThat(SortValues.normalize(-0.0, "f")).isEqualTo(0.0);
    }

    @Example
    void putReplacesByIdAndMovesTheItemInEverySortAndRemoveDeletes() {
        InMemoryPageStore<Row> store = InMemoryPageStore.create(FIELDS);
        Paginator<Row> p = Paginator.inMemory(PaginatorConfig.ofDefaults(), store);
        Sort byAge = Sort.by(SortKey.asc("age"));
        store.put(new Row("a", "Oslo", 1L, Instant.EPOCH));
        store.put(new Row("b", "Lima", 2L, Instant.EPOCH));
        assertThat(p.page(PageRequest.of(byAge)).items()).extracting(Row::id).containsExactly("a", "b");
        assertThat(store.put(new Row("a", "Oslo", 3L, Instant.EPOCH))).isPresent();
        assertThat(p.page(PageRequest.of(byAge)).items()).extracting(Row::id).containsExactly("b", "a");
        assertThat(store.remove("b")).isPresent();
        assertThat(store.remove("b")).isEmpty();
        assertThat(p.page(PageRequest.of(byAge)).items()).extracting(Row::id).containsExactly("a");
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.get("a")).map(Row::age).contains(3L);
        assertThatThrownBy(() -> store.put(null)).hasMessageContaining("item must not be null");
        assertThat(p.page(PageRequest.builder(byAge).filter("city", "Oslo").build()).items()).hasSize(1);
        assertThat(p.page(PageRequest.builder(byAge).filter("city", null).build()).items()).isEmpty();
    }
}
