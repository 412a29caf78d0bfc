package io.headroom.search;

/**
 * How many typos a query word may have, by its length, Algolia-style: a word shorter than
 * {@code oneTypoMinLength} must match exactly, one from {@code oneTypoMinLength} may be one edit away, one from
 * {@code twoTyposMinLength} two. An edit is an insertion, deletion or substitution of one character, or a
 * transposition of two adjacent characters (optimal string alignment distance, counted in Unicode code points of
 * the analysed word); the first {@code exactPrefixLength} characters must match exactly. Exact semantics in
 * {@code docs/search-query-language.md}. Immutable.
 *
 * @param oneTypoMinLength the shortest word allowed one typo, 1 or more
 * @param twoTyposMinLength the shortest word allowed two typos, at least {@code oneTypoMinLength}
 * @param exactPrefixLength how many leading characters of a word never count as typos, 0 to 10
 */
public record TypoTolerance(int oneTypoMinLength, int twoTyposMinLength, int exactPrefixLength) {

    /** The largest edit distance any word may have. */
    public static final int MAX_TYPOS = 2;
    /** No typos at all: every word matches exactly (or as a prefix, for as-you-type). */
    public static final TypoTolerance NONE = new TypoTolerance(Integer.MAX_VALUE, Integer.MAX_VALUE, 0);

    /**
     * Validates.
     *
     * @param oneTypoMinLength the shortest word allowed one typo
     * @param twoTyposMinLength the shortest word allowed two typos
     * @param exactPrefixLength the exact leading characters
     * @throws IllegalArgumentException when a length is below 1, {@code twoTyposMinLength < oneTypoMinLength},
     *     or {@code exactPrefixLength} is outside 0..10
     */
    public TypoTolerance {
        if (oneTypoMinLength < 1 || twoTyposMinLength < oneTypoMinLength) {
            throw new IllegalArgumentException("typo tolerance needs 1 <= oneTypoMinLength <= twoTyposMinLength,"
                    + " was " + oneTypoMinLength + " and " + twoTyposMinLength);
        }
        if (exactPrefixLength < 0 || exactPrefixLength > 10) {
            throw new IllegalArgumentException("exactPrefixLength must be between 0 and 10, was "
                    + exactPrefixLength);
        }
    }

    /**
     * The default: no typo under 4 characters, one from 4, two from 8; the first character exact.
     *
     * @return {@code TypoTolerance(4, 8, 1)}
     */
    public static TypoTolerance ofDefaults() {
        return new TypoTolerance(4, 8, 1);
    }

    /**
     * Typo tolerance with these lengths and the first character exact.
     *
     * @param oneTypoMinLength the shortest word allowed one typo
     * @param twoTyposMinLength the shortest word allowed two typos
     * @return the tolerance
     * @throws IllegalArgumentException when the lengths break the rules of the record
     */
    public static TypoTolerance of(int oneTypoMinLength, int twoTyposMinLength) {
        return new TypoTolerance(oneTypoMinLength, twoTyposMinLength, 1);
    }

    /**
     * The typos allowed in a word of this length.
     *
     * @param codePoints the analysed word's length in Unicode code points
     * @return 0, 1 or 2
     */
    public int maxTypos(int codePoints) {
        return codePoints >= twoTyposMinLength ? 2 : codePoints >= oneTypoMinLength ? 1 : 0;
    }

    /**
     * The typos a query word may have: {@link #maxTypos(int)} of its length in code points, or 0 when the exact
     * prefix covers the whole word (nothing is left to hold a typo, as in Lucene's {@code FuzzyQuery}). Both
     * backends build their per-word typo clauses from this one rule.
     *
     * @param word the analysed word
     * @return 0, 1 or 2
     */
    public int typosFor(String word) {
        int codePoints = word.codePointCount(0, word.length());
        return exactPrefixLength() >= codePoints ? 0 : maxTypos(codePoints);
    }
}
