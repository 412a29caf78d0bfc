package io.headroom.search.lucene;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;

/**
 * One version of an index: its directory, writer and near-real-time searcher manager, reference-counted so that
 * a version switched away from closes only when the last search on it releases it. The index holds one reference
 * while the version is live or being built; {@code afterClose} runs after the
 * close of a {@linkplain #discard() discarded} version (deleting its files). Thread-safe.
 */
final class IndexVersion {

    final String name;
    final Directory directory;
    final IndexWriter writer;
    final SearcherManager searchers;
    private final boolean commitOnClose;
    private final Runnable afterClose;
    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile boolean discarded;

    IndexVersion(String name, Directory directory, Analyzer analyzer, boolean commitOnClose, Runnable afterClose)
            throws IOException {
        this.name = name;
        this.directory = directory;
        this.commitOnClose = commitOnClose;
        this.afterClose = afterClose;
        IndexWriterConfig iwc = new IndexWriterConfig(analyzer);
        // bulk loads: a bigger buffer means fewer, larger segments to merge
        iwc.setRAMBufferSizeMB(64);
        // segments sorted by id: relevance ties then arrive in id order and can be skipped (RelevanceTopHits)
        iwc.setIndexSort(RelevanceTopHits.INDEX_SORT);
        this.writer = new IndexWriter(directory, iwc);
        try {
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** Takes a reference for a search; false when the version is closed (retry with the live one). */
    boolean tryAcquire() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives up the index's reference and deletes the version's files once the last search released it. */
    void discard() throws IOException {
        discarded = true;
        release();
    }

    /** Returns a reference; the last one closes the version. */
    void release() throws IOException {
        if (refs.decrementAndGet() == 0) {
            closeNow();
        }
    }

    void commit() throws IOException {
        writer.commit();
    }

    private void closeNow() throws IOException {
        try {
            searchers.close();
            if (commitOnClose) {
                writer.commit();
            }
            writer.close();
            directory.close();
        } finally {
            if (discarded) {
                afterClose.run();
            }
        }
    }
}
