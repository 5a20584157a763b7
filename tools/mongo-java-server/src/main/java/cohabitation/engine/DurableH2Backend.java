package cohabitation.engine;

import org.h2.mvstore.MVStore;

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
 */
final class DurableH2Backend extends H2Backend {

    private final MVStore store;
    private final boolean fsync;

    DurableH2Backend(MVStore store, boolean fsync) {
        super(store);
        this.store = store;
        this.fsync = fsync;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // getMvStore(), not the field: H2Backend opens the stored databases from its constructor, before ours ran
        return new LookupH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document reply = super.handleCommand(channel, databaseName, command, query);
        if (store.hasUnsavedChanges()) {
            try {
                store.commit();
                if (fsync) store.sync();
            } catch (RuntimeException e) {
                throw new MongoServerException("the write could not be made durable: " + e.getMessage());
            }
        }
        return reply;
    }
}
