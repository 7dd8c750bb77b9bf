Feature: X-Road SOAP header and envelope checks at the client proxy
  The client-side security server reads the client IS's request before doing anything else:
  envelope structure (MESS-003), mandatory header fields (MESS-004), no repeated field (MESS-005),
  protocolVersion 4.x (MESS-006), body wrapper named after the service (MESS-007), identifiers
  (ID-001). Each refusal is a client-prefixed SOAP fault and nothing reaches the provider.

  @req:MESS-004 @req:MESS-018 @sut-client @cap:soap
  Scenario Outline: A request without the mandatory header field <field> is refused
    When the client IS sends a SOAP request for "getRandom" without the header field "<field>"
    Then the client IS receives the SOAP fault "client.missing_header_field"
    And the SOAP fault string mentions "<mention>"
    And the provider IS received no request

    Examples:
      | field           | mention         |
      | client          | client          |
      | service         | service         |
      | id              | id              |
      | protocolVersion | protocolVersion |

  @req:MESS-005 @sut-client @cap:soap
  Scenario Outline: A request with the header field <field> twice is refused
    When the client IS sends a SOAP request for "getRandom" with the header field "<field>" twice
    Then the client IS receives the SOAP fault "client.duplicate_header_field"
    And the provider IS received no request

    Examples:
      | field  |
      | id     |
      | userId |

  @req:MESS-006 @sut-client @cap:soap
  Scenario Outline: protocolVersion <version> is refused
    When the client IS sends a SOAP request for "getRandom" with protocolVersion "<version>"
    Then the client IS receives the SOAP fault "client.invalid_protocol_version"

    Examples:
      | version |
      | 3.1     |
      | 5.0     |

  @req:MESS-006 @sut-client @cap:soap
  Scenario: protocolVersion 4.1 is accepted as a backward compatible minor version
    When the client IS sends a SOAP request for "getRandom" with protocolVersion "4.1"
    Then the client IS receives a successful SOAP response

  @req:MESS-006 @sut-provider @cap:soap
  Scenario: The provider side accepts protocolVersion 4.1 as well
    When the client IS sends a SOAP request for "getRandom" with protocolVersion "4.1"
    Then the client IS receives a successful SOAP response

  @req:MESS-007 @sut-client @cap:soap
  Scenario: A body wrapper that does not name the service is refused
    When the client IS sends a SOAP request for "getRandom" whose body wrapper is "somethingElse"
    Then the client IS receives the SOAP fault "client.inconsistent_headers"
    And the provider IS received no request

  @req:MESS-003 @sut-client @cap:soap
  Scenario: A request without a SOAP Header is refused
    When the client IS sends a SOAP request for "getRandom" without a SOAP Header
    Then the client IS receives the SOAP fault "client.missing_header"

  @req:MESS-003 @sut-client @cap:soap
  Scenario: A request without a SOAP Body is refused
    When the client IS sends a SOAP request for "getRandom" without a SOAP Body
    Then the client IS receives the SOAP fault "client.missing_body"
    And the SOAP fault string mentions "body missing"

  @req:MESS-003 @sut-client @cap:soap
  Scenario: A SOAP Body with two elements is refused
    When the client IS sends a SOAP request for "getRandom" with two elements in the SOAP Body
    Then the client IS receives the SOAP fault "client.invalid_body"
    And the provider IS received no request

  @req:ID-001 @sut-client @cap:soap
  Scenario Outline: A client identifier with objectType "<objectType>" is refused as invalid XML
    When the client IS sends a SOAP request for "getRandom" whose client objectType is "<objectType>"
    Then the client IS receives the SOAP fault "client.invalid_xml"

    Examples:
      | objectType |
      |            |
      | PERSON     |
      | SERVICE    |

  @req:ID-005 @sut-client @cap:soap
  Scenario: Identifier characters outside the recommended set are not a format error
    The reference only warns about such characters (ID-005); the request fails later, because
    no client of that name is registered, not because the identifier is malformed.
    When the client IS sends a SOAP request for "getRandom" as the client "DEV/COM/12:34/CLIENT;x"
    Then the client IS receives the SOAP fault "server.clientproxy.unknown_member"

  @req:MESS-018 @sut-client @cap:soap
  Scenario: A technical error is a SOAP 1.1 fault with faultcode, faultstring and a faultDetail id
    When the client IS sends a SOAP request for "getRandom" with protocolVersion "3.1"
    Then the client IS receives a SOAP fault whose code starts with "client"
    And the fault is a SOAP 1.1 Fault with faultstring and a UUID faultDetail, sent as text/xml

  @req:MESS-018 @req:TRANSP-017 @sut-provider @cap:soap
  Scenario: A provider-side technical error reaches the client IS as a SOAP 1.1 fault
    When the client IS sends a SOAP request for "unknownService"
    Then the client IS receives a SOAP fault whose code starts with "server.serverproxy"
    And the fault is a SOAP 1.1 Fault with faultstring and a UUID faultDetail, sent as text/xml
