package io.headroom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CodecTest {

    record Profile(String id, String name, List<String> interests) {
    }

    @Property(tries = 200)
    void stringsRoundTrip(@ForAll String s) {
        assertThat(Codec.string().decode(Codec.string().encode(s))).isEqualTo(s);
    }

    @Property(tries = 200)
    void bytesRoundTripAndAreCopied(@ForAll byte[] b) {
        byte[] encoded = Codec.bytes().encode(b);
        assertThat(encoded).isEqualTo(b);
        if (b.length > 0) {
            assertThat(encoded).isNotSameAs(b);
            byte[] decoded = Codec.bytes().decode(encoded);
            encoded[0]++;
            assertThat(decoded[0]).isEqualTo(b[0]);
        }
    }

    @Test
    void jsonRoundTripsRecordsAsUtf8Text() {
        Codec<Profile> json = Codec.json(Profile.class);
        Profile p = new Profile("u1", "Zoë", List.of("chess", "日本"));
        byte[] bytes = json.encode(p);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"name\":\"Zoë\"");
        assertThat(json.decode(bytes)).isEqualTo(p);
        assertThat(json.utf8Text()).isTrue();
        assertThat(Codec.string().utf8Text()).isTrue();
        assertThat(Codec.bytes().utf8Text()).isFalse();
        assertThat(JacksonCodec.of(new ObjectMapper(), Profile.class).decode(bytes)).isEqualTo(p);
    }

    @Test
    void undecodableJsonIsACodecException() {
        Codec<Profile> json = Codec.json(Profile.class);
        assertThatThrownBy(() -> json.decode("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CacheCodecException.class).hasMessageContaining("Profile");
        assertThatThrownBy(() -> json.decode("null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CacheCodecException.class);
        assertThatThrownBy(() -> Codec.json(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type must not be null");
    }
}
