// Lucene 8.8 indexing with N threads, for scripts/bench-index (bench/bench_index.py).
//
//   java -cp BUILD:LUCENEBENCH_CLASSPATH LuceneThreads index --docs DOCS.jsonl --db DIR
//        [--variant body|title2|stored] [--threads N]
//
// The peer of ../shared/bench (engines/lucene/LuceneBench.java) indexes with one thread. This
// indexes the same documents the same way (the same fields, EnglishAnalyzer, a default
// IndexWriterConfig: 16 MB RAM buffer, background merges, one commit at the end, no forceMerge;
// LuceneBench's own JSON reader, field type and option parser are used: compile against its
// build), but N threads add them to the one IndexWriter: the main thread reads the lines in
// batches of 64 into a queue, each worker parses a batch and calls addDocument (IndexWriter is
// thread-safe and gives each thread its own in-memory segment). That is how Folio's
// `folio-index --threads N` works (the main thread reads, N workers parse and index), so the
// two can be compared at the same number of indexing threads.
//
// Output, the last line of stdout: {"index_s": S, "docs": N, "threads": T, "lucene": "..."}, as
// LuceneBench's index command (../shared/bench/peers.py records index_s as index_engine_s).
// index_s runs from before the analyzer is made to after the commit, as in LuceneBench.

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public class LuceneThreads {
    static final int BATCH = 64;

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !args[0].equals("index")) {
            System.err.println("usage: LuceneThreads index --docs DOCS.jsonl --db DIR "
                    + "[--variant body|title2|stored] [--threads N]");
            System.exit(2);
        }
        Map<String, String> o = LuceneBench.opts(args);
        String variant = o.getOrDefault("variant", "body");
        int threads = Integer.parseInt(o.getOrDefault("threads", "1"));
        if (!LuceneBench.VARIANTS.contains(variant))
            throw new IllegalArgumentException("unknown variant " + variant);
        if (threads < 1) throw new IllegalArgumentException("--threads needs at least 1");
        index(o.get("docs"), o.get("db"), variant, threads);
    }

    /** One document, built exactly as LuceneBench.index builds it. */
    static Document document(String line, String variant) {
        Map<String, String> j = LuceneBench.MiniJson.parseObject(line);
        String title = j.getOrDefault("title", ""), text = j.getOrDefault("text", "");
        Document d = new Document();
        d.add(new StringField("id", j.get("id"), Field.Store.YES));
        if (variant.equals("stored")) {
            d.add(new Field("body", text + "\n" + title, LuceneBench.BODY_WITH_OFFSETS));
            d.add(new StoredField("title", title));
            d.add(new StoredField("text", text));
        } else {
            d.add(new TextField("body", title + "\n" + text, Field.Store.NO));
        }
        if (variant.equals("title2")) d.add(new TextField("title", title, Field.Store.NO));
        return d;
    }

    static void index(String docs, String db, String variant, int threads) throws Exception {
        long t0 = System.nanoTime();
        Analyzer an = new EnglishAnalyzer();
        IndexWriterConfig cfg = new IndexWriterConfig(an);
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        AtomicLong n = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<String> end = new ArrayList<>();  // the marker that stops a worker
        BlockingQueue<List<String>> queue = new ArrayBlockingQueue<>(threads * 4);
        try (IndexWriter w = new IndexWriter(FSDirectory.open(Paths.get(db)), cfg);
             BufferedReader r = Files.newBufferedReader(Paths.get(docs), StandardCharsets.UTF_8)) {
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    try {
                        while (true) {
                            List<String> batch = queue.take();
                            if (batch == end) return;
                            // after a failure keep taking batches: the reader must not block
                            if (failure.get() != null) continue;
                            try {
                                for (String line : batch) {
                                    w.addDocument(document(line, variant));
                                    n.incrementAndGet();
                                }
                            } catch (Throwable e) {
                                failure.compareAndSet(null, e);
                            }
                        }
                    } catch (InterruptedException e) {
                        failure.compareAndSet(null, e);
                    }
                }, "index-" + i);
                t.start();
                workers.add(t);
            }
            List<String> batch = new ArrayList<>(BATCH);
            String line;
            while ((line = r.readLine()) != null && failure.get() == null) {
                if (line.isBlank()) continue;
                batch.add(line);
                if (batch.size() == BATCH) {
                    queue.put(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
            if (!batch.isEmpty()) queue.put(batch);
            for (int i = 0; i < threads; i++) queue.put(end);
            for (Thread t : workers) t.join();
            if (failure.get() != null) throw new RuntimeException("indexing failed", failure.get());
            w.commit();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.println("{\"index_s\": " + s + ", \"docs\": " + n.get() + ", \"threads\": "
                + threads + ", \"lucene\": \"" + Version.LATEST + "\"}");
    }
}
