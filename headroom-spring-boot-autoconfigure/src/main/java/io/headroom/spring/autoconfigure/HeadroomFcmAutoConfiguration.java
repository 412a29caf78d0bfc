package io.headroom.spring.autoconfigure;

import com.google.auth.oauth2.GoogleCredentials;
import io.headroom.fcm.FcmOptions;
import io.headroom.fcm.FcmPushProvider;
import io.headroom.fcm.GoogleAccessTokens;
import io.headroom.spi.PushProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Push through FCM: when sdk-fcm is on the class path and {@code headroom.fcm.project-id} is set, an
 * {@link FcmPushProvider} bean (backing off from a {@code PushProvider} of the application's) authenticated with the
 * application's {@link GoogleCredentials} bean, or else the application-default credentials. The dispatchers
 * ({@code headroom.dispatch.dispatchers.*}) send through it.
 */
@AutoConfiguration(before = HeadroomAutoConfiguration.class)
@ConditionalOnClass({FcmPushProvider.class, GoogleCredentials.class})
@ConditionalOnProperty(prefix = "headroom.fcm", name = "project-id")
@EnableConfigurationProperties(HeadroomProperties.class)
public class HeadroomFcmAutoConfiguration {

    /** Created by Spring. */
    public HeadroomFcmAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(PushProvider.class)
    FcmPushProvider headroomFcmPushProvider(HeadroomProperties properties,
                                            ObjectProvider<GoogleCredentials> credentials) {
        FcmProperties p = properties.fcm();
        PropertyChecks checks = PropertyChecks.under("headroom.fcm");
        GoogleCredentials own = credentials.getIfUnique();
        GoogleAccessTokens tokens;
        if (own != null) {
            tokens = GoogleAccessTokens.of(own);
        } else {
            try {
                tokens = GoogleAccessTokens.applicationDefault();
            } catch (java.io.UncheckedIOException e) {
                throw checks.invalid("project-id", p.projectId(), e.getMessage()
                        + " (define a GoogleCredentials bean, or set GOOGLE_APPLICATION_CREDENTIALS)");
            }
        }
        FcmOptions options;
        try {
            FcmOptions.Builder b = FcmOptions.builder(p.projectId(), tokens);
            // recorded so that build()'s projectId rule names headroom.fcm.project-id
            checks.set("project-id", p.projectId(), id -> { });
            checks.set("endpoint", p.endpoint(), b::endpoint);
            options = checks.build(b::build);
        } catch (IllegalArgumentException e) {
            throw checks.invalid("project-id", p.projectId(), e);
        }
        return FcmPushProvider.create(options);
    }
}
