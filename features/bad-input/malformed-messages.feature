Feature: Malformed messages: the SUT answers with an X-Road fault and keeps serving
  Whatever a client information system sends, the client proxy answers that one request with an
  X-Road fault (MESS-018) and goes on serving everyone else: after each bad request a good one
  still gets its response.

  @req:MESS-003 @req:MESS-018 @sut-client @cap:soap
  Scenario Outline: <what> sent as text/xml is a client.invalid_soap fault
    When the client IS posts <what> to the SUT's client proxy as "text/xml; charset=UTF-8"
    Then the client IS receives the SOAP fault "client.invalid_soap"
    And the SUT still serves a good SOAP request

    Examples:
      | what                               |
      | 4096 random bytes                  |
      | the text "this is not XML"         |
      | an unclosed SOAP envelope          |
      | an empty body                      |
      | XML with invalid UTF-8 bytes       |
      | a SOAP envelope of another version |

  @req:MESS-003 @req:MESS-018 @sut-client @cap:soap
  Scenario Outline: <what> is refused quickly with a client fault
    When the client IS posts <what> to the SUT's client proxy as "text/xml; charset=UTF-8"
    Then the client IS receives a SOAP fault whose code starts with "client" within 5 seconds
    And the SUT still serves a good SOAP request

    Examples:
      | what                                    |
      | an entity-expansion bomb                |
      | a request whose DOCTYPE names a file    |
      | 12 MiB of XML text with no root closing |

  @req:MESS-018 @sut-client @cap:soap
  Scenario: A request with XML nested 20000 elements deep is answered promptly
    Deep nesting inside the body wrapper is legal XML: the SUT may serve or refuse it, but must
    answer within seconds and keep serving.
    When the client IS posts XML nested 20000 elements deep to the SUT's client proxy as "text/xml; charset=UTF-8"
    Then the client IS receives a SOAP answer within 5 seconds
    And the SUT still serves a good SOAP request

  @req:MESS-016 @req:MESS-018 @sut-client @cap:soap @cap:attachments
  Scenario Outline: A broken multipart request (<what>) is a client fault
    When the client IS posts <what> to the SUT's client proxy as multipart/related
    Then the client IS receives a SOAP fault whose code starts with "client"
    And the SUT still serves a good SOAP request

    Examples:
      | what                                      |
      | a multipart body cut off in the SOAP part |
      | a multipart body without closing boundary |
      | a multipart body with a wrong boundary    |

  @req:MESS-002 @req:MESS-016 @sut-client @cap:soap
  Scenario: multipart/related without a boundary parameter is a client fault
    When the client IS posts a SOAP request to the SUT's client proxy as "multipart/related; type=\"text/xml\""
    Then the client IS receives a SOAP fault whose code starts with "client"
    And the SUT still serves a good SOAP request

  @req:MESS-002 @req:MESS-018 @sut-client @cap:soap
  Scenario Outline: Content type "<content type>" is refused as invalid_content_type
    When the client IS posts a SOAP request to the SUT's client proxy as "<content type>"
    Then the client IS receives the SOAP fault "client.invalid_content_type"
    And the SUT still serves a good SOAP request

    Examples:
      | content type                 |
      | application/soap+xml         |
      | multipart/mixed; boundary=b1 |
      | image/png                    |

  @req:MESS-002 @req:MESS-018 @sut-client @cap:soap
  Scenario: A request without any Content-Type is refused as invalid_content_type
    When the client IS posts a SOAP request to the SUT's client proxy without a Content-Type
    Then the client IS receives the SOAP fault "client.invalid_content_type"
    And the SUT still serves a good SOAP request

  @req:MESS-017 @req:MESS-018 @sut-client @cap:soap
  Scenario: A charset nobody knows is a client fault
    When the client IS posts a SOAP request to the SUT's client proxy as "text/xml; charset=x-roadtest-nonexistent"
    Then the client IS receives a SOAP fault whose code starts with "client"
    And the SUT still serves a good SOAP request

  @req:REST-001 @req:REST-011 @sut-client @cap:rest
  Scenario Outline: A REST request line with <what> is a 400 REST error
    When the client IS sends a REST request to the target "<target>"
    Then the client IS receives a REST error with status 400 and a client.* X-Road-Error
    And the provider IS received no request
    And the SUT still serves a good REST request

    Examples:
      | what                    | target                                      |
      | broken percent-encoding | /r1/DEV/GOV/4321/PROVIDER/pe%ZZts           |
      | an empty id segment     | /r1/DEV/GOV/4321//pets                      |
