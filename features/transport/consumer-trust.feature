Feature: The SUT as provider decides whether to trust the consumer's security server
  The provider SS listens for mutual TLS 1.2 with X-Road's cipher suites and its auth certificate.
  It trusts the consumer by X-Road's rules: an auth certificate of an approved CA, with a fresh and
  good OCSP response sent in the request, registered to a security server on which the request's
  client is registered (TRANSP-001, TRANSP-009, TRANSP-010, OCSP-007). The harness plays the
  consumer SS itself so that it can show any certificate and staple any OCSP response.

  @req:TRANSP-001 @sut-provider @cap:soap
  Scenario: The SUT's server proxy speaks TLS 1.2 with an X-Road cipher suite and its registered auth certificate
    When a consumer security server sends the SUT a SOAP request for "getRandom"
    Then the consumer security server receives a response signed by the SUT's provider
    And the SUT's server proxy used TLS 1.2, an X-Road cipher suite and the auth certificate registered for it

  @req:TRANSP-001 @sut-provider
  Scenario Outline: The SUT's server proxy refuses a TLS client that offers only <offer>
    When a client offers the SUT's server proxy only "<offer>"
    Then the TLS handshake fails

    Examples:
      | offer                              |
      | TLS 1.3                            |
      | cipher ECDHE-RSA-AES128-GCM-SHA256 |

  @req:TRANSP-010 @req:TRANSP-017 @sut-provider @cap:soap
  Scenario Outline: The SUT refuses a consumer security server <variant>
    When a consumer security server sends the SUT a SOAP request for "getRandom" <variant>
    Then the consumer security server receives a "server.serverproxy" fault for "ssl_authentication_failed"
    And the provider IS received no request

    Examples:
      | variant                                                          |
      | showing a certificate from a CA that is not approved             |
      | showing an approved-CA certificate no security server registered |
      | showing a registered certificate whose OCSP status is revoked    |

  @req:TRANSP-010 @sut-provider @cap:soap
  Scenario: The SUT refuses a consumer whose certificate belongs to a server the client is not registered on
    When a consumer security server sends the SUT a SOAP request for "getRandom" showing the auth certificate of another security server
    Then the consumer security server receives a "server.serverproxy" fault for "ssl_authentication_failed"
    And the SOAP fault string mentions "is not registered at security server"
    And the provider IS received no request

  @req:TRANSP-010 @req:OCSP-007 @sut-provider @cap:soap
  Scenario: The SUT refuses a consumer that staples a stale OCSP response for its TLS certificate
    When a consumer security server sends the SUT a SOAP request for "getRandom" with a stale OCSP response for its TLS certificate
    Then the consumer security server receives a "server.serverproxy" fault for "ssl_authentication_failed"
    And the provider IS received no request

  @req:TRANSP-009 @sut-provider @cap:soap
  Scenario: The SUT refuses a transport request without OCSP responses for the consumer's certificate
    When a consumer security server sends the SUT a SOAP request for "getRandom" without OCSP responses for its TLS certificate
    Then the consumer security server receives a "server.serverproxy" fault for "ssl_authentication_failed"
    And the SOAP fault string mentions "OCSP response is missing"
    And the provider IS received no request

  @req:TRANSP-009 @sut-provider @cap:soap
  Scenario: The SUT's server proxy accepts only POST
    When a consumer security server sends the SUT a SOAP request for "getRandom" over HTTP GET
    Then the consumer security server receives a "server.serverproxy" fault for "invalid_http_method"
    And the provider IS received no request

  @req:TRANSP-010 @sut-provider @cap:soap
  Scenario: The peer security server showing an unregistered auth certificate is refused
    Given the peer security server shows an approved-CA auth certificate that no server registered
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.serverproxy" fault for "ssl_authentication_failed"
    And the provider IS received no request
