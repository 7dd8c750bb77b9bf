Feature: What the client-side security server checks before it sends anything on
  POST only (MESS-001), text/xml or multipart/related (MESS-002), a registered client (MESS-008)
  connecting the way its IS connection policy says (MESS-009), a valid global configuration
  (MESS-020).

  @req:MESS-001 @sut-client @cap:soap
  Scenario Outline: A SOAP request sent with <method> is refused
    When the client IS sends a SOAP request for "getRandom" with HTTP method <method>
    Then the client IS receives the SOAP fault "client.invalid_http_method"
    And the SOAP fault string mentions "POST"
    And the provider IS received no request

    Examples:
      | method |
      | PUT    |
      | DELETE |

  @req:MESS-002 @sut-client @cap:soap
  Scenario Outline: A request sent as <content type> is refused
    When the client IS sends a SOAP request for "getRandom" as content type "<content type>"
    Then the client IS receives the SOAP fault "client.invalid_content_type"
    And the provider IS received no request

    Examples:
      | content type             |
      | application/json         |
      | text/plain               |
      | application/octet-stream |

  @req:MESS-002 @sut-client @cap:soap
  Scenario: A text/xml request whose content type names no charset is accepted as UTF-8
    When the client IS sends a SOAP request for "getRandom" as content type "text/xml"
    Then the client IS receives a successful SOAP response

  @req:MESS-008 @sut-client @cap:soap
  Scenario: A client that is not registered on the SUT is refused
    When the client IS sends a SOAP request for "getRandom" as the client "DEV/COM/1234/UNREGISTERED"
    Then the client IS receives the SOAP fault "server.clientproxy.unknown_member"
    And the SOAP fault string mentions "DEV/COM/1234/UNREGISTERED"
    And the provider IS received no request

  @req:MESS-009 @sut-client @cap:soap @cap:is-tls @embedded-only
  Scenario: A client whose connection policy is HTTPS is refused over plain HTTP
    Given the SUT requires HTTPS with a registered certificate from its client's information system
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives the SOAP fault "server.clientproxy.ssl_authentication_failed"
    And the provider IS received no request

  @req:MESS-009 @sut-client @cap:soap @cap:is-tls @embedded-only
  Scenario: A client whose connection policy is HTTPS is served over TLS with its registered certificate
    Given the SUT requires HTTPS with a registered certificate from its client's information system
    When the client IS sends a SOAP request for "getRandom" over HTTPS with the registered certificate
    Then the client IS receives a successful SOAP response

  @req:MESS-009 @sut-client @cap:soap @cap:is-tls @embedded-only
  Scenario: A client presenting a certificate that is not registered is refused
    Given the SUT requires HTTPS with a registered certificate from its client's information system
    When the client IS sends a SOAP request for "getRandom" over HTTPS with an unregistered certificate
    Then the client IS receives the SOAP fault "server.clientproxy.ssl_authentication_failed"
    And the provider IS received no request

  @req:MESS-020 @sut-client @cap:soap @embedded-only
  Scenario: With an expired global configuration the SUT sends nothing on
    Given the global configuration the SUT holds has expired
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives the SOAP fault "server.clientproxy.global_conf_outdated"
    And the SOAP fault string mentions "expired"
    And the provider IS received no request
