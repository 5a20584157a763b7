package cohabitation.engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

import de.bwaldvogel.mongo.MongoServer;

/**
 * The embedded database engine: mongo-java-server on its H2 MVStore backend, bound to 127.0.0.1.
 *
 * <pre>
 * java -jar cohabitation-engine.jar --data DIR [--port N] [--cache-mb N] [--fsync | --lazy-commits] [--stop-on-stdin-eof]
 * </pre>
 *
 * With {@code --lazy-commits} a write is acknowledged before it is committed (H2 commits about once
 * a second on its own): for a throwaway store only, the test suite's shared one, deleted after the
 * run; a killed engine then loses its last second of writes.
 *
 * Prints one line, {@code mongodb://127.0.0.1:PORT}, on stdout once it accepts connections. The
 * data lives in {@code DIR/cohabitation.mv.db}; it is compacted at every start (the store never
 * shrinks by itself). Nothing leaves the machine: the engine has no telemetry and listens on the
 * loopback address only.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String dataDir = null;
        int port = 0;
        int cacheMb = 256;
        boolean fsync = false;
        boolean lazyCommits = false;
        boolean stopOnStdinEof = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> dataDir = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--cache-mb" -> cacheMb = Integer.parseInt(args[++i]);
                case "--fsync" -> fsync = true;
                case "--lazy-commits" -> lazyCommits = true;
                case "--stop-on-stdin-eof" -> stopOnStdinEof = true;
                default -> fail("unknown argument: " + args[i]);
            }
        }
        if (dataDir == null) fail("--data DIR is required");
        if (fsync && lazyCommits) fail("--fsync and --lazy-commits contradict each other");
        File dir = new File(dataDir);
        if (!dir.isDirectory() && !dir.mkdirs()) fail("cannot create " + dir);
        String file = new File(dir, "cohabitation.mv.db").getPath();

        compactAtStart(file);
        MVStore store = new MVStore.Builder().fileName(file).cacheSize(cacheMb).open();
        DurableH2Backend backend = new DurableH2Backend(store, fsync, !lazyCommits);
        backend.version(new WireVersion());
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        server.bind(address);

        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            synchronized (Main.class) {
                if (stopped.getCount() == 0) return;
                try {
                    server.shutdown();
                } finally {
                    backend.close();
                    stopped.countDown();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "engine-shutdown"));
        if (stopOnStdinEof) watchStdin(stop);

        System.out.println("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        System.out.flush();
        stopped.await();
        System.exit(0);
    }

    /**
     * Offline compaction of the file before it is opened: a store that commits at every write grows
     * fast (old pages are reused only later). H2 writes the compacted copy beside the file and then
     * replaces it, so a crash during compaction leaves the original intact.
     */
    private static void compactAtStart(String file) {
        if (!new File(file).exists()) return;
        long before = new File(file).length();
        long started = System.nanoTime();
        MVStoreTool.compactCleanUp(file);
        MVStoreTool.compact(file, false);
        long after = new File(file).length();
        System.err.printf("[engine] compacted %s: %d -> %d bytes in %d ms%n", file, before, after, (System.nanoTime() - started) / 1_000_000);
    }

    /** The app holds our stdin: when it goes away for any reason (even SIGKILL), we stop. */
    private static void watchStdin(Runnable stop) {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // nothing is expected on stdin; only its end matters
                }
            } catch (IOException e) {
                // treated as end of input
            }
            stop.run();
            System.exit(0);
        }, "stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void fail(String message) {
        System.err.println("[engine] " + message);
        System.exit(2);
    }
}
