package io.headroom.search.lucene;

import io.headroom.search.GeoPoint;
import io.headroom.search.SearchDocument;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.util.BytesRef;

/** The Lucene schema of a {@link SearchDocument}: field names and the mapping to a Lucene {@link Document}. */
final class LuceneDocuments {

    // field names; user field names are prefixed so they cannot collide with ours
    static final String ID = "_id";
    static final String TEXT = "_text";
    static final String LOC = "_loc";
    static final String LAT = "_lat";
    static final String LON = "_lon";
    static final String TS = "_ts";
    static final String INTEREST = "_interest";
    static final String KW = "kw.";

    private LuceneDocuments() {
    }

    /** Maps a document: every text field into one analysed field, keywords and interests as exact terms. */
    static Document toLucene(SearchDocument d) {
        Document doc = new Document();
        doc.add(new StringField(ID, d.id(), Field.Store.YES));
        doc.add(new SortedDocValuesField(ID, new BytesRef(d.id())));
        for (String text : d.text().values()) {
            doc.add(new TextField(TEXT, text, Field.Store.NO));
        }
        for (Map.Entry<String, Set<String>> e : d.keywords().entrySet()) {
            for (String v : e.getValue()) {
                doc.add(new StringField(KW + e.getKey(), term(v, "keywords[" + e.getKey() + "]"), Field.Store.NO));
            }
        }
        for (String tag : d.interests()) {
            doc.add(new StringField(INTEREST, term(tag, "interests"), Field.Store.NO));
        }
        GeoPoint loc = d.location();
        if (loc != null) {
            doc.add(new LatLonPoint(LOC, loc.lat(), loc.lon()));
            doc.add(new LatLonDocValuesField(LOC, loc.lat(), loc.lon()));
            doc.add(new StoredField(LAT, loc.lat()));
            doc.add(new StoredField(LON, loc.lon()));
        }
        doc.add(new LongPoint(TS, d.timestampMillis()));
        doc.add(new NumericDocValuesField(TS, d.timestampMillis()));
        return doc;
    }

    // Lucene refuses a longer term when the writer applies it; refuse it here, before any I/O
    private static BytesRef term(String value, String argument) {
        BytesRef bytes = new BytesRef(value);
        if (bytes.length > IndexWriter.MAX_TERM_LENGTH) {
            throw new IllegalArgumentException(argument + " values must be at most " + IndexWriter.MAX_TERM_LENGTH
                    + " UTF-8 bytes, was " + bytes.length);
        }
        return bytes;
    }
}
