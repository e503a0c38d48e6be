import PomoCore
import Testing

@Suite struct BoundedCacheTests {
    @Test func remembersValuesAndStartsOverWhenFull() {
        let cache = BoundedCache<String, Int>(capacity: 2)
        var computed = 0
        func length(_ key: String) -> Int {
            cache.value(for: key) {
                computed += 1
                return key.count
            }
        }
        #expect(length("a") == 1)
        #expect(length("a") == 1)
        #expect(computed == 1)
        #expect(length("bb") == 2)
        #expect(cache["a"] == 1 && cache["bb"] == 2)
        // The third key finds it full: it starts over with only the new entry.
        #expect(length("ccc") == 3)
        #expect(cache["a"] == nil && cache["bb"] == nil && cache["ccc"] == 3)
        #expect(computed == 3)
    }
}
