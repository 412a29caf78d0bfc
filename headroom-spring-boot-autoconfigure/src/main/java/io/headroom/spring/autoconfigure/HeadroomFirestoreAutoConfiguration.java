package io.headroom.spring.autoconfigure;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.headroom.firestore.FirestoreBackend;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The Firestore backend: when sdk-firestore is on the class path and the application defines a {@code Firestore}
 * bean or sets {@code headroom.firestore.project-id} (Application Default Credentials, or the emulator at
 * {@code headroom.firestore.emulator-host}). Registers a {@link FirestoreBackend} bean (backing off from the
 * application's), makes Firestore the {@code AUTO} backend of counters when Redis is not configured, and adds a
 * health indicator.
 */
@AutoConfiguration(before = HeadroomAutoConfiguration.class, after = HeadroomRedisAutoConfiguration.class)
@ConditionalOnClass({FirestoreBackend.class, Firestore.class})
@Conditional(HeadroomFirestoreAutoConfiguration.FirestoreConfigured.class)
@EnableConfigurationProperties(HeadroomProperties.class)
public class HeadroomFirestoreAutoConfiguration {

    /** Created by Spring. */
    public HeadroomFirestoreAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Firestore headroomFirestore(HeadroomProperties properties) {
        FirestoreConnectionProperties p = properties.firestore();
        FirestoreOptions.Builder b = FirestoreOptions.newBuilder().setProjectId(p.projectId());
        if (p.emulatorHost() != null) {
            b.setEmulatorHost(p.emulatorHost());
        }
        return b.build().getService();
    }

    @Bean
    @ConditionalOnMissingBean
    FirestoreBackend headroomFirestoreBackend(Firestore firestore) {
        return FirestoreBackend.of(firestore);
    }

    @Bean
    PrimitiveBackend headroomFirestorePrimitives(FirestoreBackend backend, HeadroomProperties properties) {
        return new FirestorePrimitiveBackend(backend, properties.firestore());
    }

    /** Health: a read of one document within the Headroom call timeout (or 2 s). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "headroomFirestoreHealthIndicator")
        HealthIndicator headroomFirestoreHealthIndicator(FirestoreBackend backend, HeadroomProperties properties) {
            Duration timeout = properties.firestore().timeout() == null ? Duration.ofSeconds(2)
                    : properties.firestore().timeout();
            return new FirestoreHealthIndicator(backend.client(), timeout);
        }
    }

    /** Firestore is configured: the project id or a {@code Firestore} bean. */
    static final class FirestoreConfigured extends AnyNestedCondition {

        FirestoreConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "headroom.firestore", name = "project-id")
        static final class ProjectId {
        }

        @ConditionalOnBean(Firestore.class)
        static final class Client {
        }
    }
}
