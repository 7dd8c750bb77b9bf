Feature: SOAP message exchange through the security server
  A client information system sends X-Road SOAP requests through its security server to a
  provider on another security server; faults carry X-Road's codes (requirements §2, §13).

  @req:MESS-004 @req:MESS-013 @sut-client @cap:soap
  Scenario: A SOAP request from the SUT's client reaches the peer's provider and the response comes back
    When the client IS calls the SOAP service "getRandom"
    Then the client IS receives a successful SOAP response

  @req:MESS-004 @req:MESS-013 @sut-provider @cap:soap
  Scenario: A SOAP request from the peer's client is served by the SUT's provider
    When the client IS calls the SOAP service "getRandom"
    Then the client IS receives a successful SOAP response

  @req:MESS-001 @req:MESS-018 @sut-client @cap:soap
  Scenario: A GET on the client proxy is refused with invalid_http_method
    When the client IS calls the SOAP service "getRandom" with HTTP method GET
    Then the client IS receives the SOAP fault "client.invalid_http_method"

  @req:TRANSP-011 @sut-provider @cap:soap
  Scenario: A request for a service the client may not use is refused by the provider SS
    When the client IS calls the SOAP service "denied"
    Then the client IS receives the SOAP fault "server.serverproxy.access_denied"

  @req:REST-003 @cap:teleport
  Scenario: A capability the profile does not declare makes a scenario not applicable
    When the client IS calls the SOAP service "getRandom"
    Then the client IS receives a successful SOAP response
