package org.h2.mvstore;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;

/**
 * Online scrubbing of an open MVStore file, so that values the app has overwritten or deleted (an
 * erased person's name and e-mail) are no longer anywhere in the file. MVStore never overwrites a
 * page in place: a change writes new pages in a new chunk, the old chunk stays on disk until it holds
 * no live page, is older than the retention time (45 s) and is then only marked free, its bytes
 * left as they were until a later chunk happens to reuse the space. H2's own compaction
 * ({@link MVStore#compactFile}) only rewrites chunks below a fill rate (90 %), and also leaves freed
 * space and the padding of each chunk (bytes of earlier serialisations, reused write buffers) as
 * they were. Here, with the store lock held and no command of the app running (the caller's
 * responsibility):
 * <ol>
 * <li>reused write buffers are dropped, so every chunk written from now on is padded with zeros;</li>
 * <li>with a retention time of 0, every chunk that holds a dead page is rewritten (its live pages go
 * to a new chunk), over a few commits until no such chunk is left, and the dead chunks are freed;</li>
 * <li>chunks are moved to the start of the file, which is truncated;</li>
 * <li>every free block left inside the file, and the padding between each live chunk's table of
 * contents and its footer, is overwritten with zeros, then the file is synced.</li>
 * </ol>
 * In this package because the free-space map, the chunk list and the raw write live here.
 */
public final class StoreScrubber {

    /** What a scrub did, for the engine's reply and its log. */
    public record Result(long bytesBefore, long bytesAfter, int rounds, long zeroedBytes, int chunks, long millis) {
    }

    private static final int MAX_ROUNDS = 12;
    private static final String MARKER_MAP = "cohabitation.scrub";

    private StoreScrubber() {
    }

    public static Result scrub(MVStore store) {
        long started = System.nanoTime();
        FileStore<?> fileStore = store.getFileStore();
        if (!(fileStore instanceof RandomAccessStore file)) {
            throw new IllegalStateException("not a single-file store: " + fileStore);
        }
        long before = file.size();
        int retention = file.getRetentionTime();
        file.setRetentionTime(0);
        int rounds = 0;
        try {
            dropReusedWriteBuffers(file);
            // A tiny map of our own (not "databases.*", so the Mongo backend ignores it): each round
            // writes one entry, so that each round is a new version and the chunks of the previous
            // rounds become old enough to be rewritten (H2 never rewrites the last two versions).
            MVMap<String, Long> marker = store.openMap(MARKER_MAP);
            store.commit();
            // The chunks written before the scrub are the only ones that can hold an old value: those
            // written during it hold copies of pages live at the time (nothing else writes meanwhile).
            Set<Integer> oldChunks = new HashSet<>(file.chunks.keySet());
            while (rounds < MAX_ROUNDS) {
                rounds++;
                marker.put("round", (long) rounds);
                store.commit();
                file.compact(101, Integer.MAX_VALUE);
                store.commit();
                if (rounds >= 2 && !holdsDeadPages(file, oldChunks)) break;
            }
            if (holdsDeadPages(file, oldChunks)) throw new IllegalStateException("old chunks still hold dead pages after " + rounds + " rounds");
            file.compactMoveChunks(101, Long.MAX_VALUE, store);
            file.compactMoveChunks(101, Long.MAX_VALUE, store);
            long[] zeroed = { 0 };
            store.executeFilestoreOperation(() -> zeroed[0] = zeroUnusedBytes(file));
            store.sync();
            return new Result(before, file.size(), rounds, zeroed[0], file.chunks.size(), (System.nanoTime() - started) / 1_000_000);
        } finally {
            file.setRetentionTime(retention);
        }
    }

    /** Whether one of these chunks is still in the file with a page that is no longer live. */
    private static boolean holdsDeadPages(FileStore<?> file, Set<Integer> ids) {
        for (Integer id : ids) {
            Chunk<?> chunk = file.chunks.get(id);
            if (chunk != null && chunk.pageCountLive < chunk.pageCount) return true;
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static void dropReusedWriteBuffers(FileStore<?> file) {
        try {
            Field pool = FileStore.class.getDeclaredField("writeBufferPool");
            pool.setAccessible(true);
            ((Queue<WriteBuffer>) pool.get(file)).clear();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the store's write buffers", e);
        }
    }

    /** Called with the file store's locks held (executeFilestoreOperation): nothing is written meanwhile. */
    private static long zeroUnusedBytes(RandomAccessStore file) {
        file.saveChunkLock.lock();
        try {
            int blockSize = FileStore.BLOCK_SIZE;
            long blocks = file.size() / blockSize;
            List<long[]> ranges = new ArrayList<>();
            long start = -1;
            for (long block = 2; block <= blocks; block++) {
                boolean free = block < blocks && file.freeSpace.isFree(block * blockSize, blockSize);
                if (free && start < 0) start = block;
                if (!free && start >= 0) {
                    ranges.add(new long[] { start * blockSize, (block - start) * blockSize });
                    start = -1;
                }
            }
            for (SFChunk chunk : file.chunks.values()) {
                if (!chunk.isSaved() || chunk.tocPos <= 0) continue;
                long base = chunk.block * blockSize;
                long from = base + chunk.tocPos + 8L * chunk.pageCount;
                long to = base + (long) chunk.len * blockSize - Chunk.FOOTER_LENGTH;
                if (to > from) ranges.add(new long[] { from, to - from });
            }
            long zeroed = 0;
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (long[] range : ranges) {
                for (long pos = range[0], left = range[1]; left > 0;) {
                    int n = (int) Math.min(left, zeros.capacity());
                    zeros.clear().limit(n);
                    file.writeFully(null, pos, zeros);
                    pos += n;
                    left -= n;
                    zeroed += n;
                }
            }
            file.sync();
            return zeroed;
        } finally {
            file.saveChunkLock.unlock();
        }
    }
}
