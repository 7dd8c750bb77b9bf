Feature: Who a security server is, the SUT learns from the configuration
  The SUT accepts another security server only if the hash of its TLS auth certificate is one the
  configuration registers for that server (GCONF-012: SHA-256 of the DER for version 3 and up),
  and only for the clients the configuration says it hosts (GCONF-011, TRANSP-002/010).

  @req:GCONF-012 @req:GCONF-011 @req:TRANSP-002 @req:TRANSP-010 @cap:soap
  Scenario Outline: A security server whose registered auth-cert hash is not its own is refused
    Given the global configuration registers another certificate as the peer security server's auth certificate
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code ends with "ssl_authentication_failed"
    And the provider IS received no request

    @sut-client
    Examples: the SUT checks the provider's security server
      | side   |
      | client |

    @sut-provider
    Examples: the SUT checks the client's security server
      | side     |
      | provider |

  @req:GCONF-012 @req:GCONF-002 @sut-client @cap:soap
  Scenario: Registered hashes are matched under every configuration version the SUT may be served
    Given the central server serves only configuration version 4
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

  @req:GCONF-011 @req:TRANSP-010 @sut-provider @cap:soap
  Scenario: A client the configuration does not place on the peer security server is refused
    Given the global configuration no longer lists the peer's client on the peer security server
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code ends with "ssl_authentication_failed"
    And the provider IS received no request
