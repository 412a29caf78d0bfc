package io.headroom.opensearch.internal;

/**
 * A bulk request some of whose items OpenSearch refused for a retriable reason (429, 503): the whole request is
 * sent again (every item carries its id, so repeating it is safe and keeps the order).
 */
final class RetriableBulkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RetriableBulkException(String message) {
        super(message, null, false, false);
    }
}
