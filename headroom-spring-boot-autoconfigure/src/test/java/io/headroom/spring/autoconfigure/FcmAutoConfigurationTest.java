package io.headroom.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.headroom.fcm.FcmPushProvider;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** headroom.fcm.project-id gives an FcmPushProvider from the application's GoogleCredentials; no network. */
class FcmAutoConfigurationTest {

    static GoogleCredentials credentials() {
        return GoogleCredentials.create(new AccessToken("token", Date.from(Instant.now().plusSeconds(3600))));
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            HeadroomFcmAutoConfiguration.class, HeadroomAutoConfiguration.class));

    @Test
    void aProjectIdAndCredentialsGiveTheProviderTheDispatchersUse() {
        runner.withBean(GoogleCredentials.class, FcmAutoConfigurationTest::credentials)
                .withPropertyValues("headroom.fcm.project-id=my-project",
                        "headroom.dispatch.dispatchers.push.max-batch-size=10").run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(FcmPushProvider.class);
                    assertThat(ctx.getBean(FcmPushProvider.class).options().projectId()).isEqualTo("my-project");
                    assertThat(ctx.getBean(io.headroom.spring.HeadroomRegistry.class).dispatcherNames())
                            .containsExactly("push");
                });
    }

    @Test
    void withoutTheProjectIdOrSdkFcmThereIsNoProvider() {
        runner.withBean(GoogleCredentials.class, FcmAutoConfigurationTest::credentials)
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(PushProvider.class));
        runner.withClassLoader(new FilteredClassLoader(FcmPushProvider.class))
                .withBean(GoogleCredentials.class, FcmAutoConfigurationTest::credentials)
                .withPropertyValues("headroom.fcm.project-id=my-project")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(PushProvider.class));
    }

    @Test
    void aPushProviderOfTheApplicationWins() {
        PushProvider own = batch -> CompletableFuture.completedFuture(
                batch.stream().map(n -> SendResult.delivered("m")).toList());
        runner.withBean(PushProvider.class, () -> own)
                .withPropertyValues("headroom.fcm.project-id=my-project")
                .run(ctx -> assertThat(ctx.getBean(PushProvider.class)).isSameAs(own));
    }

    @Test
    void aBadProjectIdFailsNamingTheProperty() {
        runner.withBean(GoogleCredentials.class, FcmAutoConfigurationTest::credentials)
                .withPropertyValues("headroom.fcm.project-id=Not A Project!").run(ctx ->
                        assertThat(StartupFailures.property(ctx)).startsWith("headroom.fcm.project-id: "));
    }
}
