import AccessControl
import Testing

@Suite("Key hashing")
struct KeyHasherTests {
    @Test("a salt is 16 random bytes in lowercase hex")
    func salt() {
        let salt = KeyHasher.newSalt()
        #expect(salt.count == 32)
        #expect(salt.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(KeyHasher.newSalt() != salt)
    }

    @Test("the hash is lowercase hex SHA-256 over the salt bytes then the secret")
    func knownAnswer() {
        // printf '\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0fabc' | sha256sum
        let hash = KeyHasher.hash(secret: "abc", salt: "000102030405060708090a0b0c0d0e0f")
        #expect(hash == "f9b234fe3638bdd7671503b81bda6e249f96aea7e0d8ca758c8f5ab13096de90")
    }

    @Test("the right secret verifies; a wrong secret or salt does not")
    func verify() {
        let key = APIKeyMaterial.generate()
        let salt = KeyHasher.newSalt()
        let hash = KeyHasher.hash(secret: key.secret, salt: salt)
        #expect(KeyHasher.verify(secret: key.secret, salt: salt, hash: hash))
        #expect(!KeyHasher.verify(secret: APIKeyMaterial.generate().secret, salt: salt, hash: hash))
        #expect(!KeyHasher.verify(secret: String(key.secret.dropLast()) + "x", salt: salt, hash: hash))
        #expect(!KeyHasher.verify(secret: key.secret, salt: KeyHasher.newSalt(), hash: hash))
        #expect(!KeyHasher.verify(secret: key.secret, salt: salt, hash: String(hash.dropLast())))
        #expect(!KeyHasher.verify(secret: key.secret, salt: salt, hash: ""))
        #expect(!KeyHasher.verify(secret: key.secret, salt: salt, hash: hash.uppercased()))
    }

    @Test("different salts give different hashes of the same secret")
    func saltsDiffer() {
        let secret = APIKeyMaterial.generate().secret
        let hashes = Set((0..<20).map { _ in KeyHasher.hash(secret: secret, salt: KeyHasher.newSalt()) })
        #expect(hashes.count == 20)
    }

    @Test("hashing is deterministic for a given secret and salt")
    func deterministic() {
        let salt = KeyHasher.newSalt()
        #expect(KeyHasher.hash(secret: "s", salt: salt) == KeyHasher.hash(secret: "s", salt: salt))
        #expect(KeyHasher.hash(secret: "s", salt: salt) != KeyHasher.hash(secret: "t", salt: salt))
    }
}
