import HTTPTypes
import Testing

@testable import PomoServer

/// How an `Authorization` header (or the session cookie) is read.
@Suite struct CredentialTests {
    func credential(authorization: String? = nil, cookie: String? = nil) -> Credential? {
        var headers = HTTPFields()
        if let authorization { headers[.authorization] = authorization }
        if let cookie { headers[.cookie] = cookie }
        return Credential(headers: headers)
    }

    @Test func schemesAndSecrets() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
        #expect(credential(authorization: "Bearer \(jwt)") == .jwt(jwt))
        #expect(credential(authorization: "bearer   \(jwt)  ") == .jwt(jwt))
        #expect(credential(authorization: "BEARER pomo_abc123") == .apiKey("pomo_abc123"))
        #expect(credential(authorization: "ApiKey pomo_abc123") == .apiKey("pomo_abc123"))
        #expect(credential(authorization: "Token pomo_abc123") == .apiKey("pomo_abc123"))
        #expect(credential(authorization: "  Bearer \(jwt)") == .jwt(jwt))
        #expect(credential(authorization: "Basic dXNlcjpwYXNz") == .unsupported)
        #expect(credential(authorization: "Bearer") == .unsupported)
        #expect(credential(authorization: "Bearer    ") == .unsupported)
        #expect(credential(authorization: "Bearer\t\(jwt)") == .unsupported)
        #expect(credential(authorization: "Bearér x.y") == .unsupported)
        // The header wins over the cookie; without either there is no credential.
        #expect(credential(authorization: "Token k", cookie: "pomo_session=s") == .apiKey("k"))
        #expect(credential(cookie: "theme=dark; pomo_session=abc") == .sessionCookie("abc"))
        #expect(credential() == nil)
    }
}
