package io.headroom.spring.autoconfigure;

import io.headroom.ratelimit.Bandwidth;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.convert.converter.Converter;

/**
 * Reads a {@link Bandwidth} from a property: {@code <capacity>/<period>}, e.g. {@code 100/1m}, {@code 10/1s},
 * {@code 5000/PT1H}, optionally named: {@code per-minute=100/1m}. The period takes Spring Boot's duration forms
 * ({@code 500ms}, {@code 1m}, {@code 1h}, {@code 1d}, ISO-8601). A bad value fails the binding, and Spring Boot
 * names the property and this rule at startup.
 *
 * <p>Stateless and thread-safe.
 */
public final class BandwidthConverter implements Converter<String, Bandwidth> {

    private static final Pattern FORM = Pattern.compile("\\s*(?:([^=\\s]+)\\s*=\\s*)?(\\d{1,10})\\s*/\\s*(\\S+)\\s*");

    /** Creates the converter. */
    public BandwidthConverter() {
    }

    /**
     * Parses {@code source}.
     *
     * @param source the property value
     * @return the bandwidth
     * @throws IllegalArgumentException when the value is not {@code [name=]<capacity>/<period>} or breaks a
     *     {@link Bandwidth} rule
     */
    @Override
    public Bandwidth convert(String source) {
        Matcher m = FORM.matcher(source);
        if (!m.matches()) {
            throw new IllegalArgumentException("a bandwidth is written [name=]<capacity>/<period>, e.g. 100/1m, was \""
                    + source + '"');
        }
        long capacity = Long.parseLong(m.group(2));
        Duration period;
        try {
            period = DurationStyle.detectAndParse(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the period of bandwidth \"" + source + "\" is not a duration (e.g. 1s, "
                    + "1m, 1h, PT1M): " + m.group(3), e);
        }
        Bandwidth bandwidth = Bandwidth.of(capacity, period);
        return m.group(1) == null ? bandwidth : bandwidth.named(m.group(1));
    }
}
