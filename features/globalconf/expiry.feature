Feature: An expired configuration takes the SUT off the network until a good download
  Once the Expire-date of the SUT's copy passes without a successful refresh, the SUT refuses to
  exchange messages in both roles with global_conf_outdated (GCONF-008, MESS-020); a good download
  puts it back. The harness gives the SUT a copy that expires in two seconds and refuses every
  further download, so nobody waits ten minutes; the peer keeps a valid copy.

  @req:GCONF-008 @req:MESS-020 @sut-client @cap:soap @embedded-only
  Scenario: With an expired copy the SUT refuses to send, and sends again after a good download
    Given the SUT holds a configuration copy that expires in 2 seconds and cannot be refreshed
    When the SUT's configuration copy has expired
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code ends with "global_conf_outdated"
    And the provider IS received no request
    When the central server serves good configuration again
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

  @req:GCONF-008 @req:MESS-020 @req:TRANSP-017 @sut-provider @cap:soap @embedded-only
  Scenario: With an expired copy the SUT refuses requests from other security servers
    Given the SUT holds a configuration copy that expires in 2 seconds and cannot be refreshed
    When the SUT's configuration copy has expired
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives the SOAP fault "server.serverproxy.global_conf_outdated"
    And the provider IS received no request

  @req:GCONF-008 @sut-client @cap:soap @embedded-only
  Scenario: A copy that is still valid keeps the SUT serving while the central server is unreachable
    Given the central server's fault knob "down" is set to 'true'
    When the SUT's configuration client has tried to refresh
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
