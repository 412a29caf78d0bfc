package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.DocumentTransform.FieldTransform;
import com.google.firestore.v1.Value;
import com.google.protobuf.Timestamp;
import org.jspecify.annotations.Nullable;

/** Field transforms with the production service's arithmetic (saturating integers, IEEE 754 doubles). */
final class Transforms {

    private Transforms() {
    }

    /**
     * The field's new value after the transform.
     *
     * @param t the transform
     * @param current the field's current value, or {@code null} when absent
     * @param commitTime the commit time (for {@code REQUEST_TIME})
     * @return the new value
     */
    static Value apply(FieldTransform t, @Nullable Value current, Timestamp commitTime) {
        switch (t.getTransformTypeCase()) {
            case SET_TO_SERVER_VALUE:
                if (t.getSetToServerValue() != FieldTransform.ServerValue.REQUEST_TIME) {
                    throw EmulatorException.invalid("unsupported server value " + t.getSetToServerValue());
                }
                return Value.newBuilder().setTimestampValue(commitTime).build();
            case INCREMENT:
                return increment(current, numeric(t.getIncrement(), "increment"));
            case MAXIMUM:
                return extreme(current, numeric(t.getMaximum(), "maximum"), true);
            case MINIMUM:
                return extreme(current, numeric(t.getMinimum(), "minimum"), false);
            case APPEND_MISSING_ELEMENTS: {
                ArrayValue.Builder out = current != null && current.getValueTypeCase() == Value.ValueTypeCase.ARRAY_VALUE
                        ? current.getArrayValue().toBuilder() : ArrayValue.newBuilder();
                for (Value e : t.getAppendMissingElements().getValuesList()) {
                    if (!Values.contains(out.build(), e)) {
                        out.addValues(e);
                    }
                }
                return Value.newBuilder().setArrayValue(out).build();
            }
            case REMOVE_ALL_FROM_ARRAY: {
                ArrayValue.Builder out = ArrayValue.newBuilder();
                if (current != null && current.getValueTypeCase() == Value.ValueTypeCase.ARRAY_VALUE) {
                    for (Value e : current.getArrayValue().getValuesList()) {
                        if (!Values.contains(t.getRemoveAllFromArray(), e)) {
                            out.addValues(e);
                        }
                    }
                }
                return Value.newBuilder().setArrayValue(out).build();
            }
            default:
                throw EmulatorException.invalid("field transform on " + t.getFieldPath() + " sets no transform");
        }
    }

    /**
     * The value reported in {@code transform_results} for a transform: the new value for server time and
     * numeric transforms, null for the array transforms (as the service does).
     */
    static Value result(FieldTransform t, Value newValue) {
        switch (t.getTransformTypeCase()) {
            case APPEND_MISSING_ELEMENTS:
            case REMOVE_ALL_FROM_ARRAY:
                return Values.NULL_VALUE;
            default:
                return newValue;
        }
    }

    private static Value numeric(Value v, String what) {
        if (!Values.isNumber(v)) {
            throw EmulatorException.invalid(what + " operand must be an integer or a double, was " + v.getValueTypeCase());
        }
        return v;
    }

    private static Value increment(@Nullable Value current, Value operand) {
        if (current == null || !Values.isNumber(current)) {
            return operand;
        }
        boolean ci = current.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
        boolean oi = operand.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
        if (ci && oi) {
            long a = current.getIntegerValue();
            long b = operand.getIntegerValue();
            long r = a + b;
            if (((a ^ r) & (b ^ r)) < 0) { // overflow: saturate like the service
                r = a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return Values.of(r);
        }
        return Values.of(asDouble(current) + asDouble(operand));
    }

    private static Value extreme(@Nullable Value current, Value operand, boolean max) {
        if (current == null || !Values.isNumber(current)) {
            return operand;
        }
        if (Values.isNaN(current) || Values.isNaN(operand)) {
            return Values.of(Double.NaN);
        }
        int c = Values.compareNumbers(operand, current);
        // equivalent operands (3 and 3.0, 0 and -0.0) leave the stored value unchanged
        if (c == 0) {
            return current;
        }
        return (max ? c > 0 : c < 0) ? operand : current;
    }

    private static double asDouble(Value v) {
        return v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE ? (double) v.getIntegerValue() : v.getDoubleValue();
    }
}
