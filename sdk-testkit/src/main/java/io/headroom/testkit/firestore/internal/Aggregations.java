package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.Document;
import com.google.firestore.v1.StructuredAggregationQuery.Aggregation;
import com.google.firestore.v1.Value;
import java.util.List;

/** count / sum / avg over a query's documents, with the service's typing rules. */
final class Aggregations {

    private Aggregations() {
    }

    /** The documents that have every field a sum or avg aggregates (all of them when none does). */
    static List<Document> withFields(List<Aggregation> aggregations, List<Document> docs) {
        List<FieldPath> fields = new java.util.ArrayList<>();
        for (Aggregation a : aggregations) {
            if (a.hasSum()) {
                fields.add(FieldPath.parse(a.getSum().getField().getFieldPath()));
            } else if (a.hasAvg()) {
                fields.add(FieldPath.parse(a.getAvg().getField().getFieldPath()));
            }
        }
        if (fields.isEmpty()) {
            return docs;
        }
        List<Document> out = new java.util.ArrayList<>(docs.size());
        for (Document d : docs) {
            boolean all = true;
            for (FieldPath f : fields) {
                if (f.get(d.getFieldsMap()) == null) {
                    all = false;
                    break;
                }
            }
            if (all) {
                out.add(d);
            }
        }
        return out;
    }

    static Value compute(Aggregation a, List<Document> docs) {
        switch (a.getOperatorCase()) {
            case COUNT: {
                long n = docs.size();
                if (a.getCount().hasUpTo()) {
                    long upTo = a.getCount().getUpTo().getValue();
                    if (upTo <= 0) {
                        throw EmulatorException.invalid("count up_to must be positive, was " + upTo);
                    }
                    n = Math.min(n, upTo);
                }
                return Values.of(n);
            }
            case SUM:
                return sum(FieldPath.parse(a.getSum().getField().getFieldPath()), docs);
            case AVG:
                return avg(FieldPath.parse(a.getAvg().getField().getFieldPath()), docs);
            default:
                throw EmulatorException.invalid("aggregation " + a.getAlias() + " sets no operator");
        }
    }

    // Sum of the numeric values (others are ignored): an integer while every value is an integer and the sum
    // fits in a long, a double otherwise; 0 (integer) when there is none.
    private static Value sum(FieldPath field, List<Document> docs) {
        long isum = 0;
        double dsum = 0;
        boolean isDouble = false;
        for (Document d : docs) {
            Value v = field.get(d.getFieldsMap());
            if (v == null || !Values.isNumber(v)) {
                continue;
            }
            if (!isDouble && v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE) {
                long x = v.getIntegerValue();
                long r = isum + x;
                if (((isum ^ r) & (x ^ r)) < 0) {
                    isDouble = true;
                    dsum = (double) isum + (double) x;
                } else {
                    isum = r;
                }
                continue;
            }
            if (!isDouble) {
                isDouble = true;
                dsum = isum;
            }
            dsum += v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE ? (double) v.getIntegerValue() : v.getDoubleValue();
        }
        return isDouble ? Values.of(dsum) : Values.of(isum);
    }

    // Average of the numeric values as a double; null when there is none.
    private static Value avg(FieldPath field, List<Document> docs) {
        double sum = 0;
        long n = 0;
        for (Document d : docs) {
            Value v = field.get(d.getFieldsMap());
            if (v == null || !Values.isNumber(v)) {
                continue;
            }
            sum += v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE ? (double) v.getIntegerValue() : v.getDoubleValue();
            n++;
        }
        return n == 0 ? Values.NULL_VALUE : Values.of(sum / n);
    }
}
