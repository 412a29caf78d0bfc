package io.headroom.search.lucene;

import io.headroom.search.SchemaField;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.search.TypoTolerance;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.jspecify.annotations.Nullable;

/**
 * The text part of a query (docs/search-query-language.md, "Matching text" and "Text score"): per word a
 * {@link DisjunctionMaxQuery} (tie-breaker 0, so the best class in the best field) of constant-score exact, prefix
 * and fuzzy queries per text field, boosted {@code fieldBoost * classWeight}; every word required; a
 * {@link DisjunctionMaxQuery} of constant-score phrase queries for the phrase boost. No term statistics are read.
 */
final class LuceneText {

    static final float EXACT = 1f;
    static final float PREFIX = 0.75f;
    static final float TYPO1 = 0.5f;
    static final float TYPO2 = 0.25f;

    private LuceneText() {
    }

    /** The analysed words of the query text, at most {@link SearchQuery#MAX_WORDS}. */
    static List<String> words(FoldingAnalyzer analyzer, String indexName, SearchQuery query) {
        String text = query.text();
        if (text == null) {
            return List.of();
        }
        List<String> words = analyzer.words("q", text);
        if (words.size() > SearchQuery.MAX_WORDS) {
            throw new IllegalArgumentException("search index '" + indexName + "': text must have at most "
                    + SearchQuery.MAX_WORDS + " words after analysis, had " + words.size());
        }
        return words;
    }

    /** The text query, or {@code null} when there are no words. */
    static @Nullable Query query(SearchSchema schema, SearchQuery query, List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        List<SchemaField> fields = schema.textFields();
        TypoTolerance typos = query.typoTolerance();
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean prefix = query.asYouType() && i == words.size() - 1;
            int max = typos.typosFor(w);
            int p = typos.exactPrefixLength();
            List<Query> classes = new ArrayList<>();
            for (SchemaField f : fields) {
                Term t = new Term(LuceneDocuments.text(f.name()), w);
                classes.add(constant(new TermQuery(t), f.boost() * EXACT));
                if (prefix) {
                    classes.add(constant(new PrefixQuery(t, MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE),
                            f.boost() * PREFIX));
                }
                if (max >= 1) {
                    classes.add(constant(fuzzy(t, 1, p), f.boost() * TYPO1));
                }
                if (max >= 2) {
                    classes.add(constant(fuzzy(t, 2, p), f.boost() * TYPO2));
                }
            }
            b.add(new DisjunctionMaxQuery(classes, 0f), Occur.MUST);
        }
        if (words.size() >= 2 && query.phraseBoost() > 0) {
            List<Query> phrases = new ArrayList<>();
            for (SchemaField f : fields) {
                phrases.add(constant(new PhraseQuery(LuceneDocuments.text(f.name()), words.toArray(String[]::new)),
                        query.phraseBoost() * f.boost()));
            }
            b.add(new DisjunctionMaxQuery(phrases, 0f), Occur.SHOULD);
        }
        return b.build();
    }

    // every term within the distance, no expansion limit, no term statistics; the automaton is compiled once
    private static Query fuzzy(Term t, int edits, int prefix) {
        return CompiledFuzzyQuery.of(t.field(), t.text(), edits, prefix);
    }

    static Query constant(Query q, float boost) {
        return new BoostQuery(new ConstantScoreQuery(q), boost);
    }
}
