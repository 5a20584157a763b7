package cohabitation.engine;

import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.StoreScrubber;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.LookupH2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;

/**
 * H2's MVStore commits on its own about once a second: as shipped, a write acknowledged to the app
 * could vanish if the engine was killed within that second (ENGINE-NOTES.md measured 523–1,398 of
 * 2,000 lost on kill -9). Here every command that changed the store is committed before its reply
 * leaves, so an acknowledged write survives the engine's death; with fsync it also survives the
 * machine's. A commit that fails turns the reply into an error: nothing is acknowledged that is not
 * stored. Its databases look documents up by a single-field unique index (every {@code _id}) even
 * when the query has other conditions too (SingleKeyLookupIndex).
 *
 * <p>One command of our own, {@code {cohabitationCompact: 1}} (on any database, usually admin),
 * scrubs the data file after an erasure (StoreScrubber): no old version of any document is left in
 * it, nor in its free space. It runs alone: every other command waits for it (and it waits for the
 * commands under way), so nothing is written while chunks move.
 */
final class DurableH2Backend extends H2Backend {

    static final String COMPACT_COMMAND = "cohabitationCompact";

    private final MVStore store;
    private final boolean fsync;
    /** False only for a throwaway store (--lazy-commits): H2's own commit about once a second. */
    private final boolean commitEachWrite;
    private final ReentrantReadWriteLock exclusive = new ReentrantReadWriteLock(true);

    DurableH2Backend(MVStore store, boolean fsync, boolean commitEachWrite) {
        super(store);
        this.store = store;
        this.fsync = fsync;
        this.commitEachWrite = commitEachWrite;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // getMvStore(), not the field: H2Backend opens the stored databases from its constructor, before ours ran
        return new LookupH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (COMPACT_COMMAND.equalsIgnoreCase(command)) return compact();
        exclusive.readLock().lock();
        try {
            Document reply = super.handleCommand(channel, databaseName, command, query);
            if (commitEachWrite && store.hasUnsavedChanges()) {
                try {
                    store.commit();
                    if (fsync) store.sync();
                } catch (RuntimeException e) {
                    throw new MongoServerException("the write could not be made durable: " + e.getMessage());
                }
            }
            return reply;
        } finally {
            exclusive.readLock().unlock();
        }
    }

    private Document compact() {
        exclusive.writeLock().lock();
        try {
            store.commit();
            StoreScrubber.Result result = StoreScrubber.scrub(store);
            System.err.printf("[engine] scrubbed the data file: %d -> %d bytes, %d rounds, %d bytes zeroed, %d chunks, in %d ms%n", result.bytesBefore(), result.bytesAfter(), result.rounds(), result.zeroedBytes(),
                    result.chunks(), result.millis());
            Document reply = new Document("ok", 1.0);
            reply.put("bytesBefore", result.bytesBefore());
            reply.put("bytesAfter", result.bytesAfter());
            reply.put("rounds", result.rounds());
            reply.put("zeroedBytes", result.zeroedBytes());
            reply.put("chunks", result.chunks());
            reply.put("millis", result.millis());
            return reply;
        } catch (RuntimeException e) {
            throw new MongoServerException("the data file could not be compacted: " + e.getMessage());
        } finally {
            exclusive.writeLock().unlock();
        }
    }
}
