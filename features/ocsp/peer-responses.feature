Feature: The SUT applies X-Road's OCSP rules to the responses other security servers send it
  OCSP responses arrive in transport (for the consumer's TLS certificate) and inside signatures
  (for the signing certificate). The SUT accepts them only when signed by a responder the approved
  CA authorised, fresh under its own ocspFreshnessSeconds, and — unless the NEXTUPDATE part turns
  the check off — with a nextUpdate that has not passed (OCSP-002, OCSP-004, OCSP-007). The
  harness plays the consumer SS and staples the responses.

  @req:OCSP-002 @req:OCSP-007 @sut-provider @cap:soap
  Scenario: An OCSP response for the consumer's TLS certificate from an unauthorised responder is refused
    When a consumer security server sends the SUT a SOAP request for "getRandom" with an OCSP response from an unauthorised responder for its TLS certificate
    Then the consumer security server receives a "server.serverproxy" fault for "ssl_authentication_failed"
    And the provider IS received no request

  @req:OCSP-002 @req:OCSP-007 @sut-provider @cap:soap
  Scenario: An OCSP response inside the signature from an unauthorised responder is refused
    When a consumer security server sends the SUT a SOAP request for "getRandom" with an OCSP response from an unauthorised responder in its signature
    Then the consumer security server receives a "server.serverproxy" fault for "incorrect_validation_info"
    And the provider IS received no request

  @req:OCSP-004 @req:OCSP-007 @sut-provider @cap:soap
  Scenario: An OCSP response whose nextUpdate has passed is refused
    When a consumer security server sends the SUT a SOAP request for "getRandom" with an OCSP response whose nextUpdate has passed for its TLS certificate
    Then the consumer security server receives a "server.serverproxy" fault for "ssl_authentication_failed"
    And the provider IS received no request

  @req:OCSP-004 @sut-provider @cap:soap
  Scenario: With the NEXTUPDATE part turning the check off, a passed nextUpdate is accepted
    Given the global configuration turns off the nextUpdate check
    When a consumer security server sends the SUT a SOAP request for "getRandom" with an OCSP response whose nextUpdate has passed for its TLS certificate
    Then the consumer security server receives a response signed by the SUT's provider
