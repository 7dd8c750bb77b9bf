Feature: The provider side's authorisation sequence
  Before its provider IS is called, the provider-side security server checks that it hosts the
  provider, that the service exists, that its type matches the protocol, that the client may use
  it and that it is not disabled (TRANSP-011, REST-014). Access rights ignore the service version
  (ID-003). Its errors carry the server.serverproxy prefix and reach the client IS unchanged
  (TRANSP-017).

  @req:TRANSP-011 @req:TRANSP-017 @sut-provider @cap:soap
  Scenario: A service the provider does not offer is refused as unknown
    When the client IS sends a SOAP request for "noSuchService"
    Then the client IS receives the SOAP fault "server.serverproxy.unknown_service"
    And the SOAP fault string mentions "noSuchService"
    And the provider IS received no request

  @req:TRANSP-011 @req:TRANSP-017 @sut-provider @cap:soap
  Scenario: A client without access rights is refused and the provider IS is not called
    When the client IS sends a SOAP request for "denied"
    Then the client IS receives the SOAP fault "server.serverproxy.access_denied"
    And the SOAP fault string mentions "Request is not allowed"
    And the provider IS received no request

  @req:TRANSP-011 @sut-provider @cap:soap
  Scenario: A disabled service is refused with its notice
    When the client IS sends a SOAP request for "closed"
    Then the client IS receives the SOAP fault "server.serverproxy.service_disabled"
    And the SOAP fault string mentions "closed for maintenance until Monday"
    And the provider IS received no request

  @req:TRANSP-011 @sut-provider @cap:soap @cap:rest
  Scenario: A REST client without access rights is refused
    When the client IS calls the REST service "restDenied" with GET "/"
    Then the client IS receives the REST error "server.serverproxy.access_denied" with status 500
    And the provider IS received no request

  @req:TRANSP-011 @sut-provider @cap:soap @cap:rest
  Scenario: A disabled REST service is refused with its notice
    When the client IS calls the REST service "restClosed" with GET "/"
    Then the client IS receives the REST error "server.serverproxy.service_disabled" with status 500
    And the REST error message mentions "REST closed"
    And the provider IS received no request

  @req:TRANSP-011 @req:REST-014 @sut-provider @cap:soap @cap:rest
  Scenario: A SOAP request for a REST service is refused as the wrong service type
    When the client IS sends a SOAP request for "pets"
    Then the client IS receives the SOAP fault "server.serverproxy.service_type"
    And the provider IS received no request

  @req:TRANSP-011 @req:REST-014 @sut-provider @cap:soap @cap:rest
  Scenario: A REST request for a SOAP service is refused as the wrong service type
    When the client IS calls the REST service "getRandom" with GET "/"
    Then the client IS receives the REST error "server.serverproxy.service_type" with status 500
    And the provider IS received no request

  @req:TRANSP-011 @sut-provider @cap:soap @embedded-only
  Scenario: A provider subsystem the SUT does not host is refused as an unknown member
    The harness's central server says the SUT hosts a subsystem that the SUT itself does not know.
    Given the global configuration lists the subsystem "GHOST" of the SUT's member on the SUT
    When the client IS sends a SOAP request for "getRandom" to the provider subsystem "GHOST"
    Then the client IS receives the SOAP fault "server.serverproxy.unknown_member"
    And the provider IS received no request

  @req:TRANSP-011 @sut-provider @cap:soap
  Scenario: An allowed client is served: the checks let the right request through
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    And the provider IS received 1 request

  @req:ID-003 @sut-provider @cap:soap
  Scenario: Access rights granted on the service code cover every version
    When the client IS sends a SOAP request for "getRandom" version "v1"
    Then the client IS receives a successful SOAP response
    And the provider IS received 1 request

  @req:ID-003 @sut-provider @cap:soap
  Scenario: A version the provider does not offer is an unknown service, not an access decision
    When the client IS sends a SOAP request for "getRandom" version "v9"
    Then the client IS receives the SOAP fault "server.serverproxy.unknown_service"

  @req:TRANSP-011 @req:TRANSP-017 @sut-client @cap:soap
  Scenario: The SUT relays the provider side's access_denied to its client IS unchanged
    When the client IS sends a SOAP request for "denied"
    Then the client IS receives the SOAP fault "server.serverproxy.access_denied"

  @req:TRANSP-017 @sut-client @cap:soap
  Scenario: The SUT's own errors carry the server.clientproxy prefix
    When the client IS sends a SOAP request for "getRandom" to the provider subsystem "NOBODY"
    Then the client IS receives the SOAP fault "server.clientproxy.unknown_member"
    And the provider IS received no request

  @req:TRANSP-017 @sut-client @cap:soap
  Scenario: Errors in the client IS's request carry the client prefix
    When the client IS sends a SOAP request for "getRandom" with protocolVersion "2.0"
    Then the client IS receives a SOAP fault whose code starts with "client"
