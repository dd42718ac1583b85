import Testing

@testable import Kernel

/// The client behind trusted proxies, as uvicorn's proxy headers middleware finds it: the
/// login throttle counts failures per client, which behind a load balancer must not be the
/// balancer's own address (found by a QA pass: 30 failures locked every login for 15 minutes).
@Suite struct ForwardedForTests {
    @Test func theFirstUntrustedHopFromTheRightIsTheClient() {
        let trusted = ["127.0.0.1", "10.0.0.5"]
        func client(_ peer: String?, _ header: String?) -> String? {
            ForwardedFor.client(peer: peer, header: header, trusted: trusted)
        }
        #expect(client("10.0.0.5", "203.0.113.7") == "203.0.113.7")
        #expect(client("10.0.0.5", "198.51.100.1, 203.0.113.7, 127.0.0.1") == "203.0.113.7")
        #expect(client("10.0.0.5", "10.0.0.5, 127.0.0.1") == "10.0.0.5")
        #expect(client("10.0.0.5", "2001:db8::1") == "2001:db8::1")
        // A peer that is no trusted proxy is the client, whatever it claims.
        #expect(client("203.0.113.9", "198.51.100.1") == "203.0.113.9")
        #expect(client("10.0.0.5", nil) == "10.0.0.5")
        // What a client wrote in front of the proxies' entries names nobody.
        #expect(client("10.0.0.5", "not-an-ip, 203.0.113.7") == "203.0.113.7")
        #expect(client("10.0.0.5", "203.0.113.7 evil") == "10.0.0.5")
        #expect(ForwardedFor.client(peer: "192.0.2.1", header: "203.0.113.7", trusted: ["*"]) == "203.0.113.7")
    }

    @Test func theSettingIsChecked() throws {
        #expect(try loadConfig("modules: []").http.forwardedAllowIPs == ["127.0.0.1", "::1"])
        let listed = try loadConfig("modules: []\nhttp: { forwarded_allow_ips: [10.0.0.5, \"*\"] }")
        #expect(listed.http.forwardedAllowIPs == ["10.0.0.5", "*"])
        let error = configError { _ = try loadConfig("modules: []\nhttp: { forwarded_allow_ips: [lb.internal] }") }
        #expect(error?.message.contains("forwarded_allow_ips") == true)
    }
}
