Feature: No exchange without a log entry
  A message the SUT cannot log — its store fails, or the time-stamping policy cannot be met — is
  not exchanged at all: the client IS gets a fault and the provider IS is never called (LOG-007,
  UCMESS §3.3 ext 13a/21a). Without a time-stamping authority in the configuration nothing can be
  stamped, so nothing may be sent.

  @req:LOG-007 @req:TSA-005 @sut-client @cap:soap
  Scenario: With no time-stamping authority in the global configuration the SUT refuses to send
    Given the global configuration approves no time-stamping authority
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives the SOAP fault "server.clientproxy.timestamping_failed"
    And the provider IS received no request

  @req:LOG-007 @cap:soap @embedded-only
  Scenario Outline: When the SUT's message log cannot store a message the exchange is aborted
    The store of the embedded SUT is made to fail for this scenario (a full disk or a lost
    database in a real server); a real SUT cannot be told to do that from outside.
    Given the SUT's message log fails to store messages
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code ends with "logging_failed"
    And the provider IS received no request

    @sut-client
    Examples: the SUT logs the request before sending it
      | side   |
      | client |

    @sut-provider
    Examples: the SUT logs the request before calling its provider IS
      | side     |
      | provider |

  @req:LOG-006 @sut-client @cap:soap @cap:asic
  Scenario: Without message-body logging the SOAP body is left out of the evidence, which then no longer verifies
    Given the SUT logs messages without their bodies
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the client IS downloads the /asic evidence of that exchange
    Then the request container's message.xml has an empty SOAP Body
    And no downloaded container verifies against the instance's trust
