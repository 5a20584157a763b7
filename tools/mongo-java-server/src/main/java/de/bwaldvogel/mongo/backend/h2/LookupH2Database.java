package de.bwaldvogel.mongo.backend.h2;

import java.util.List;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;

/**
 * H2Database whose single-field unique indexes (every collection's {@code _id}, and others such as
 * an account's e-mail) also serve queries that name that field among others. In this package
 * because H2UniqueIndex can only be built here.
 */
public final class LookupH2Database extends H2Database {

    public LookupH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        Index<Object> index = super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        return keys.size() == 1 ? SingleKeyLookupIndex.of((H2UniqueIndex) index, indexName, keys, sparse) : index;
    }
}
