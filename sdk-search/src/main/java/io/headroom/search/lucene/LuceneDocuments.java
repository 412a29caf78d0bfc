package io.headroom.search.lucene;

import io.headroom.search.GeoPoint;
import io.headroom.search.SchemaField;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchSchema;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene layout of a schema: which Lucene fields a {@link SearchDocument} becomes. User field names get a
 * prefix per type, so they never collide with each other or with {@code _id}.
 */
final class LuceneDocuments {

    static final String ID = "_id";

    private LuceneDocuments() {
    }

    static String text(String field) {
        return "t." + field;
    }

    static String keyword(String field) {
        return "k." + field;
    }

    static String number(String field) {
        return "n." + field;
    }

    static String geo(String field) {
        return "g." + field;
    }

    /** Maps a document already validated against the schema. */
    static Document toLucene(SearchSchema schema, SearchDocument d) {
        Document doc = new Document();
        // nothing is stored: hits read the id and the point from doc values
        doc.add(new StringField(ID, d.id(), Field.Store.NO));
        doc.add(new SortedDocValuesField(ID, new BytesRef(d.id())));
        d.text().forEach((name, value) -> doc.add(new TextField(text(name), value, Field.Store.NO)));
        for (Map.Entry<String, Set<String>> e : d.keywords().entrySet()) {
            SchemaField f = schema.fields().get(e.getKey());
            boolean docValues = f.sortable() || f.facetable();
            for (String v : e.getValue()) {
                doc.add(new StringField(keyword(e.getKey()), v, Field.Store.NO));
                if (docValues) {
                    doc.add(new SortedSetDocValuesField(keyword(e.getKey()), new BytesRef(v)));
                }
            }
        }
        // LongField: points (ranges, distance feature) and sorted-numeric doc values (sort, distance feature)
        d.numbers().forEach((name, value) -> doc.add(new LongField(number(name), value, Field.Store.NO)));
        for (Map.Entry<String, Instant> e : d.dates().entrySet()) {
            doc.add(new LongField(number(e.getKey()), e.getValue().toEpochMilli(), Field.Store.NO));
        }
        for (Map.Entry<String, GeoPoint> e : d.geoPoints().entrySet()) {
            GeoPoint p = e.getValue();
            doc.add(new LatLonPoint(geo(e.getKey()), p.lat(), p.lon()));
            doc.add(new LatLonDocValuesField(geo(e.getKey()), p.lat(), p.lon()));
        }
        return doc;
    }
}
