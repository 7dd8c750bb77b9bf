Feature: HTTP-level abuse of the client proxy: refused, and the SUT keeps serving
  Clients that break HTTP itself — oversized headers, bodies shorter than announced, bytes that
  are not HTTP, clients that stall — get an HTTP-level refusal or a closed connection, never a
  stuck or crashed server: a good request is still served afterwards (MESS-018: errors are
  answered per request).

  @req:MESS-018 @sut-client @cap:soap
  Scenario: A 64 KiB request header is refused at the HTTP level
    When a client sends the SUT's client proxy a SOAP request with a 64 KiB header
    Then the SUT refuses it with a 4xx status or by closing the connection within 5 seconds
    And the SUT still serves a good SOAP request

  @req:MESS-018 @sut-client @cap:soap
  Scenario: Bytes that are not HTTP are refused at the HTTP level
    When a client sends the SUT's client proxy 2048 bytes that are not HTTP
    Then the SUT refuses it with a 4xx status or by closing the connection within 5 seconds
    And the SUT still serves a good SOAP request

  @req:MESS-018 @sut-client @cap:soap
  Scenario: Broken chunked transfer encoding is refused at the HTTP level
    When a client sends the SUT's client proxy a SOAP request with a broken chunk size
    Then the SUT refuses it with a 4xx status or by closing the connection within 5 seconds
    And the SUT still serves a good SOAP request

  @req:MESS-018 @sut-client @cap:soap
  Scenario: A client that announces more body than it sends and goes away does not disturb the SUT
    When a client sends the SUT's client proxy a request announcing 100000 bytes, sends 100 and disconnects
    Then the SUT still serves a good SOAP request

  @req:MESS-018 @sut-client @cap:soap
  Scenario: While a client stalls after its headers, other clients are served
    Given a client has sent the SUT's client proxy request headers and then stalls
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    And the stalled client is still waiting or was cut off, but got no successful answer

  @req:MESS-018 @sut-client @cap:soap @embedded-only
  Scenario: A client that stalls after its headers is timed out by the SUT
    The SUT's body read timeout is shortened to 1 second for this scenario (X-Road's client
    proxy connector idle timeout plays this part, 30 s by default).
    Given the SUT gives up reading a request body after 1 second
    When a client sends the SUT's client proxy request headers and then stalls
    Then the SUT ends the stalled request within 4 seconds
    And the SUT still serves a good SOAP request

  @req:MESS-018 @sut-client @cap:soap
  Scenario: A burst of malformed requests does not stop the SUT serving
    When 20 clients post garbage to the SUT's client proxy at once
    Then every one of them gets a SOAP fault whose code starts with "client"
    And the SUT still serves a good SOAP request

  @req:MESS-018 @sut-client @cap:rest
  Scenario: A REST request with a 64 KiB header is refused at the HTTP level
    When a client sends the SUT's client proxy a REST request with a 64 KiB header
    Then the SUT refuses it with a 4xx status or by closing the connection within 5 seconds
    And the SUT still serves a good REST request
