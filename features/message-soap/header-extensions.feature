Feature: SOAP header extensions: target security server, security token, represented party
  xrd:securityServer names the one security server to use (EXT-001) and the provider side refuses a
  request meant for another server (EXT-002); securityToken (EXT-003) and representedParty (EXT-004)
  travel end to end untouched.

  @req:EXT-001 @req:ID-004 @sut-client @cap:soap
  Scenario: A request targeted at the provider's security server goes there
    When the client IS sends a SOAP request for "echo" targeted at the provider's security server
    Then the client IS receives a successful SOAP response
    And the provider IS received the SOAP request byte for byte

  @req:EXT-001 @sut-client @cap:soap
  Scenario: A request targeted at a security server that does not host the provider is refused
    When the client IS sends a SOAP request for "echo" targeted at the client's own security server
    Then the client IS receives the SOAP fault "server.clientproxy.invalid_security_server"
    And the provider IS received no request

  @req:EXT-001 @sut-client @cap:soap
  Scenario: A request targeted at an unknown security server is refused
    When the client IS sends a SOAP request for "echo" targeted at the security server "DEV/COM/9999/NOWHERE"
    Then the client IS receives the SOAP fault "server.clientproxy.invalid_security_server"
    And the SOAP fault string mentions "Could not find security server"
    And the provider IS received no request

  @req:EXT-001 @req:ID-004 @sut-client @cap:soap
  Scenario: A securityServer identifier with objectType MEMBER is refused as invalid XML
    When the client IS sends a SOAP request for "echo" targeted at the provider's security server with objectType "MEMBER"
    Then the client IS receives the SOAP fault "client.invalid_xml"

  @req:EXT-002 @sut-provider @cap:soap @embedded-only
  Scenario: The SUT refuses a request whose securityServer names another server
    The harness's central server lists a second server id for the SUT's address, hosting the
    SUT's provider, so the peer sends the request meant for that server to the SUT.
    Given the global configuration lists the server "DEV/COM/1234/GHOST" at the SUT's address hosting the SUT's provider
    When the client IS sends a SOAP request for "echo" targeted at the security server "DEV/COM/1234/GHOST"
    Then the client IS receives the SOAP fault "server.serverproxy.invalid_security_server"
    And the provider IS received no request

  @req:EXT-002 @sut-provider @cap:soap
  Scenario: The SUT serves a request whose securityServer names the SUT
    When the client IS sends a SOAP request for "echo" targeted at the provider's security server
    Then the client IS receives a successful SOAP response

  @req:EXT-003 @sut-client @cap:soap
  Scenario: A securityToken header reaches the provider IS byte-identical
    When the client IS sends a SOAP request for "echo" with a JWT securityToken
    Then the client IS receives a successful SOAP response
    And the provider IS received the securityToken exactly as sent

  @req:EXT-003 @sut-provider @cap:soap
  Scenario: The SUT hands a securityToken header to its provider IS byte-identical
    When the client IS sends a SOAP request for "echo" with a JWT securityToken
    Then the client IS receives a successful SOAP response
    And the provider IS received the securityToken exactly as sent

  @req:EXT-004 @sut-client @cap:soap
  Scenario: representedParty reaches the provider IS and comes back in the response
    When the client IS sends a SOAP request for "echo" on behalf of "COM/7000"
    Then the client IS receives a successful SOAP response
    And the provider IS received the representedParty exactly as sent
    And the response header echoes the request's header fields

  @req:EXT-004 @sut-provider @cap:soap
  Scenario: The SUT hands representedParty to its provider IS
    When the client IS sends a SOAP request for "echo" on behalf of "7000"
    Then the client IS receives a successful SOAP response
    And the provider IS received the representedParty exactly as sent
