package de.bwaldvogel.mongo.backend.h2;

import java.lang.reflect.Field;
import java.util.List;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The engine uses a unique index only when the query's fields are exactly the index's keys, so
 * {@code {_id, version}} (the app's compare-and-set) or {@code {_id, status}} scanned the whole
 * collection under its lock: 15 ms at 20,000 documents instead of 1.5 ms (docs/database.md). This
 * index also answers a query that holds its one key among other conditions: it gives the positions
 * for that key's condition, and the collection then checks every condition of the query on those
 * documents only (AbstractMongoCollection.matchDocuments), so the result is the same.
 */
final class SingleKeyLookupIndex extends H2UniqueIndex {

    private final String key;

    private SingleKeyLookupIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(map, name, keys, sparse);
        this.key = keys.get(0).getKey();
    }

    static SingleKeyLookupIndex of(H2UniqueIndex index, String name, List<IndexKey> keys, boolean sparse) {
        try {
            Field field = H2UniqueIndex.class.getDeclaredField("mvMap");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            MVMap<KeyValue, Object> map = (MVMap<KeyValue, Object>) field.get(index);
            return new SingleKeyLookupIndex(map, name, keys, sparse);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("mongo-java-server changed: H2UniqueIndex.mvMap not found", e);
        }
    }

    private Document keyPart(Document query) {
        return new Document(key, query.get(key));
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        if (super.canHandle(query)) return true;
        return query.size() > 1 && query.containsKey(key) && super.canHandle(keyPart(query));
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        return query.size() > 1 ? super.getPositions(keyPart(query)) : super.getPositions(query);
    }
}
