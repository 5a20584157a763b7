package cohabitation.engine;

import java.util.List;

import de.bwaldvogel.mongo.MongoVersion;

/**
 * The engine's newest built-in version (5.0) announces wire version 8; the app's driver (mongodb 7)
 * needs at least 9 (MongoDB 4.4). The commands the app sends are the same at both versions.
 */
final class WireVersion implements MongoVersion {

    @Override
    public List<Integer> getVersionArray() {
        return List.of(4, 4, 0);
    }

    @Override
    public int getWireVersion() {
        return 9;
    }
}
