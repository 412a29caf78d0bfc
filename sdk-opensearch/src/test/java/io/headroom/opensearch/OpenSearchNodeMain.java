package io.headroom.opensearch;

import io.headroom.testkit.OpenSearchNode;

/**
 * Starts the test kit's single OpenSearch node in its own JVM and keeps it up until the process is stopped (Ctrl-C)
 * or its standard input closes: for benchmarks, whose class path holds Lettuce and Netty 4.2 and so cannot hold the
 * node (Netty 4.1). Prints {@code OPENSEARCH_URL=http://127.0.0.1:<port>} once the node answers.
 *
 * <pre>
 * mvn -pl sdk-opensearch -am -o -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.headroom.opensearch.OpenSearchNodeMain
 * </pre>
 */
public final class OpenSearchNodeMain {

    private OpenSearchNodeMain() {
    }

    /**
     * Starts the node and waits.
     *
     * @param args none
     * @throws Exception when the node does not start or waiting is interrupted
     */
    public static void main(String[] args) throws Exception {
        OpenSearchNode node = OpenSearchNode.shared();
        System.out.println("OPENSEARCH_URL=" + node.uri());
        System.out.flush();
        // until stdin closes (or the process is killed); the node stops in the test kit's shutdown hook
        while (System.in.read() >= 0) {
            Thread.onSpinWait();
        }
    }
}
