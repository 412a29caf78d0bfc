/**
 * Shared implementation of the search backends (not API): applying an index's defaults to a query and issuing and
 * verifying search cursors through {@link io.headroom.page.CursorCodec}, the same way in every backend.
 */
@NullMarked
package io.headroom.search.internal;

import org.jspecify.annotations.NullMarked;
