package io.headroom.opensearch.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The part of a hit's {@code _source} a search reads back: the id and the location (for the hit's distance).
 *
 * @param id the document id
 * @param loc the location, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredHit(@JsonProperty(DocumentFields.ID) String id, @JsonProperty(DocumentFields.LOC) @Nullable Loc loc) {

    /**
     * A stored location.
     *
     * @param lat latitude
     * @param lon longitude
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Loc(@JsonProperty("lat") double lat, @JsonProperty("lon") double lon) {
    }

    /** Mean Earth radius in metres, as Lucene's {@code SloppyMath} and OpenSearch's {@code arc} distance use. */
    static final double EARTH_RADIUS_M = 6_371_008.7714;

    /**
     * The great-circle (haversine) distance in metres.
     *
     * @param lat1 latitude of the first point
     * @param lon1 longitude of the first point
     * @param lat2 latitude of the second point
     * @param lon2 longitude of the second point
     * @return the distance
     */
    public static double haversineMeters(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
