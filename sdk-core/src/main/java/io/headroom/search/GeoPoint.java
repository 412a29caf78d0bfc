package io.headroom.search;

/**
 * A point on Earth in WGS84 degrees. Immutable and thread-safe.
 *
 * @param lat latitude, between -90 and 90 inclusive
 * @param lon longitude, between -180 and 180 inclusive
 */
public record GeoPoint(double lat, double lon) {

    /**
     * Validates the coordinates.
     *
     * @param lat latitude, between -90 and 90 inclusive
     * @param lon longitude, between -180 and 180 inclusive
     * @throws IllegalArgumentException when {@code lat} is outside [-90, 90] or {@code lon} outside [-180, 180]
     *     (or either is NaN)
     */
    public GeoPoint {
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("lat must be between -90 and 90, was " + lat);
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("lon must be between -180 and 180, was " + lon);
        }
    }

    /**
     * Creates a point.
     *
     * @param lat latitude in degrees
     * @param lon longitude in degrees
     * @return the point
     * @throws IllegalArgumentException when out of range
     */
    public static GeoPoint of(double lat, double lon) {
        return new GeoPoint(lat, lon);
    }
}
