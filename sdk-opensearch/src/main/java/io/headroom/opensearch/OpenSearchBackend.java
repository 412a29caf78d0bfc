package io.headroom.opensearch;

import io.headroom.BackendUnavailableException;
import io.headroom.internal.Arguments;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * A connection to an OpenSearch cluster: opensearch-java's client over its Apache HttpClient 5 transport (no
 * Netty), configured by {@link OpenSearchSettings}, shared by every {@link OpenSearchSearchIndex} opened on it.
 *
 * <pre>{@code
 * try (OpenSearchBackend backend = OpenSearchBackend.connect(OpenSearchSettings.builder()
 *         .hosts("https://search.internal:9200").credentials("svc", secret).build())) {
 *     SearchIndex<Profile> people = OpenSearchSearchIndex.open(backend, SearchConfig.named("people").build(), mapper);
 * }
 * }</pre>
 *
 * <p>{@link #connect} does no I/O: the first call of an index opens the first connection. One daemon thread
 * ({@code headroom-opensearch-retry}) schedules retries; the HTTP client has its own I/O threads. {@link #close()}
 * stops both; indexes opened on a closed backend fail their calls. Thread-safe.
 */
public final class OpenSearchBackend implements AutoCloseable {

    private final OpenSearchSettings settings;
    private final ApacheHttpClient5Transport transport;
    private final OpenSearchAsyncClient async;
    private final OpenSearchClient blocking;
    private final ScheduledExecutorService retries;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenSearchBackend(OpenSearchSettings settings) {
        this.settings = settings;
        HttpHost[] hosts = settings.hosts().stream().map(OpenSearchBackend::host).toArray(HttpHost[]::new);
        ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(hosts)
                .setMapper(new JacksonJsonpMapper())
                .setConnectionConfigCallback(c -> c.setConnectTimeout(Timeout.of(settings.connectTimeout())))
                .setRequestConfigCallback(r -> r.setResponseTimeout(Timeout.of(settings.callTimeout())));
        String user = settings.username();
        String password = settings.password();
        if (user != null && password != null) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            for (HttpHost h : hosts) {
                credentials.setCredentials(new AuthScope(h), new UsernamePasswordCredentials(user,
                        password.toCharArray()));
            }
            builder.setHttpClientConfigCallback(c -> c.setDefaultCredentialsProvider(credentials));
        }
        this.transport = builder.build();
        this.async = new OpenSearchAsyncClient(transport);
        this.blocking = new OpenSearchClient(transport);
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "headroom-opensearch-retry");
            t.setDaemon(true);
            return t;
        });
    }

    private static HttpHost host(URI uri) {
        return new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    /**
     * Creates the client for a cluster; does no I/O.
     *
     * @param settings the settings
     * @return the backend; close it when done
     * @throws IllegalArgumentException when {@code settings} is {@code null}
     */
    public static OpenSearchBackend connect(OpenSearchSettings settings) {
        return new OpenSearchBackend(Arguments.notNull(settings, "settings"));
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public OpenSearchSettings settings() {
        return settings;
    }

    /**
     * The blocking opensearch-java client, for what Headroom does not do (cluster administration, snapshots).
     * Calls made with it are not guarded, retried or timed by Headroom.
     *
     * @return the client; valid until {@link #close()}
     */
    public OpenSearchClient client() {
        return blocking;
    }

    /** The asynchronous client the indexes call. */
    OpenSearchAsyncClient asyncClient() {
        return async;
    }

    /** Where retries wait. */
    ScheduledExecutorService retryScheduler() {
        return retries;
    }

    /** Whether {@link #close()} was called. */
    boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the HTTP client and the retry thread; idempotent. Calls in flight fail.
     *
     * @throws BackendUnavailableException when the HTTP client fails to close
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        retries.shutdownNow();
        try {
            transport.close();
            retries.awaitTermination(1, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new BackendUnavailableException("OpenSearch backend " + settings.hosts() + ": close failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "OpenSearchBackend" + List.copyOf(settings.hosts()) + (isClosed() ? "[closed]" : "");
    }
}
