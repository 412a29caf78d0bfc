package io.headroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.spi.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PushNotificationsTest {

    static List<String> members(int n) {
        List<String> m = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            m.add("user-" + i);
        }
        return m;
    }

    @Test
    void aBurstInOneChatBecomesOnePushPerMemberCountingEveryMessage() {
        List<String> members = members(100);
        try (PushNotifications pushes = PushNotifications.inMemory()) {
            for (int m = 0; m < 10; m++) {
                pushes.onChatMessage("42", "Hiking club", members.get(m), members, "message " + m);
            }
            pushes.flush();
            PushNotifications.Report r = pushes.report();
            assertThat(r.pushesRequested()).isEqualTo(990);
            assertThat(r.pushesDelivered()).isEqualTo(100);
            assertThat(r.messagesRepresented()).isEqualTo(990);
            assertThat(r.providerCalls()).isBetween(1L, 4L);
            assertThat(r.toString()).contains("pushes requested 990");
        }
    }

    @Test
    void unregisteredDevicesAreForgotten() {
        List<String> members = members(3);
        PushNotifications pushes = new PushNotifications(PushNotifications.chatConfig(),
                batch -> CompletableFuture.completedFuture(batch.stream()
                        .map(n -> n.token().equals("device-of-user-2") ? SendResult.failed(
                                io.headroom.notify.FailureReason.TOKEN_INVALID, "UNREGISTERED")
                                : SendResult.delivered("x")).toList()),
                member -> "device-of-" + member);
        try (pushes) {
            pushes.onChatMessage("1", "Trio", "user-0", members, "hi");
            pushes.flush();
            assertThat(pushes.report().forgottenDevices()).isEqualTo(1);
            pushes.onChatMessage("1", "Trio", "user-0", members, "again");
            pushes.flush();
            assertThat(pushes.report().pushesRequested()).isEqualTo(3);
        }
    }

    @Test
    void mainRuns() {
        PushNotifications.main(new String[0]);
    }
}
