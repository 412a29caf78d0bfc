package io.headroom.opensearch.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The part of a hit's {@code _source} a search reads back: the id and the schema fields it asked for.
 *
 * @param id the document id
 * @param fields the fields, by schema name, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SourceDoc(@JsonProperty(IndexMapping.ID) String id,
                        @JsonProperty(IndexMapping.FIELDS) @Nullable Map<String, Object> fields) {
}
