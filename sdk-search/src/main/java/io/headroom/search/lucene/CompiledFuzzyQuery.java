package io.headroom.search.lucene;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.AttributeSource;
import org.apache.lucene.util.automaton.CompiledAutomaton;
import org.jspecify.annotations.Nullable;

/**
 * The terms of a field within a fixed number of edits of a word: {@link FuzzyQuery}'s own automaton
 * ({@link FuzzyQuery#getFuzzyAutomaton}, transpositions on), compiled once per word, edit count and exact prefix
 * and shared by every field and every search (FuzzyQuery builds and compiles its automata anew for each query and
 * field, which was most of a typo-tolerant search on the profile benchmark). Constant-score rewrite, no expansion
 * limit. Immutable.
 */
final class CompiledFuzzyQuery extends MultiTermQuery {

    private static final Cache<Key, CompiledAutomaton> AUTOMATA = Caffeine.newBuilder().maximumSize(20_000).build();

    private record Key(String word, int edits, int prefix) {
    }

    private final Key key;
    private final CompiledAutomaton automaton;

    private CompiledFuzzyQuery(String field, Key key, CompiledAutomaton automaton) {
        super(field, MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE);
        this.key = key;
        this.automaton = automaton;
    }

    /** The query of {@code word} within {@code edits} edits after {@code prefix} exact code points in a field. */
    static CompiledFuzzyQuery of(String field, String word, int edits, int prefix) {
        Key key = new Key(word, edits, prefix);
        return new CompiledFuzzyQuery(field, key,
                AUTOMATA.get(key, k -> FuzzyQuery.getFuzzyAutomaton(k.word(), k.edits(), k.prefix(), true)));
    }

    @Override
    protected TermsEnum getTermsEnum(Terms terms, AttributeSource atts) throws IOException {
        return automaton.getTermsEnum(terms);
    }

    @Override
    public void visit(QueryVisitor visitor) {
        if (visitor.acceptField(field)) {
            automaton.visit(visitor, this, field);
        }
    }

    @Override
    public String toString(String f) {
        return (Objects.equals(field, f) ? "" : field + ":") + key.word() + "~" + key.edits() + "/" + key.prefix();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof CompiledFuzzyQuery q && q.field.equals(field) && q.key.equals(key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, key);
    }
}
