Feature: The SUT as consumer decides whether to trust the provider's security server
  The consumer SS talks mutual TLS 1.2 with the provider SS and trusts it by X-Road's rules, not by
  a TLS trust store: the provider's auth certificate must come from an approved CA, be registered
  to a security server that hosts the provider, and have a fresh, good OCSP response, which the
  consumer gets from the provider's OCSP download role when it has none (TRANSP-001..003).
  The harness replaces the provider's server by a recording stand-in to see what the SUT does.

  @req:TRANSP-001 @sut-client @cap:soap
  Scenario: The SUT opens mutual TLS 1.2 with an X-Road cipher suite and its registered auth certificate
    Given the provider's security server is a recording stand-in showing "its registered auth certificate"
    When the client IS sends a SOAP request for "getRandom"
    Then the SUT connected with TLS 1.2 and an X-Road cipher suite
    And the SUT authenticated with the auth certificate registered for it
    And the SUT posted the transport message to the path "/"

  @req:TRANSP-002 @req:TRANSP-017 @sut-client @cap:soap
  Scenario Outline: The SUT refuses a provider security server that shows <certificate>
    Given the provider's security server is a recording stand-in showing "<certificate>"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.clientproxy" fault for "ssl_authentication_failed"
    And the provider's security server received no message

    Examples:
      | certificate                                              |
      | a certificate from a CA that is not approved             |
      | an approved-CA certificate no security server registered |
      | the auth certificate of another security server          |
      | a registered certificate whose OCSP status is revoked    |

  @req:TRANSP-002 @req:OCSP-007 @sut-client @cap:soap
  Scenario: The SUT refuses a provider security server whose auth certificate has only a stale OCSP response
    Given the provider's security server is a recording stand-in showing "a registered certificate whose OCSP response is stale"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.clientproxy" fault for "ssl_authentication_failed"
    And the provider's security server received no message

  @req:TRANSP-002 @req:TRANSP-003 @sut-client @cap:soap
  Scenario: The SUT fetches the OCSP response for a provider certificate it has not seen from the provider's download role
    Given the provider's security server is a recording stand-in showing "a newly registered auth certificate"
    When the client IS sends a SOAP request for "getRandom"
    Then the SUT asked the provider's OCSP download role for that certificate by its SHA-1 hash
    And the provider's security server received the SUT's message

  @req:TRANSP-003 @sut-client @cap:soap
  Scenario: The SUT refuses the provider when its download role returns too few OCSP responses
    Given the provider's security server is a recording stand-in showing "a registered certificate but no OCSP response for it"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.clientproxy" fault for "ssl_authentication_failed"
    And the SOAP fault string mentions "Could not get all OCSP responses"
    And the provider's security server received no message
