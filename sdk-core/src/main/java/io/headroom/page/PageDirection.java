package io.headroom.page;

/**
 * Where a {@link PageRequest} without a cursor starts: at the first item ({@link #FORWARD}) or at the last one
 * ({@link #BACKWARD}). A request carrying a cursor moves the way the cursor was issued for
 * ({@link Page#nextCursor()} forward, {@link Page#previousCursor()} backward).
 */
public enum PageDirection {
    /** Towards the end of the sort order. */
    FORWARD,
    /** Towards the start of the sort order; items still come back in display (forward) order. */
    BACKWARD
}
