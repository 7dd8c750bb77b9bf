Feature: What the SUT does when it cannot time-stamp
  Messages keep flowing while time-stamping fails for less than the acceptable failure period;
  after it, or with no TSA configured at all, the SUT refuses messages ("Cannot time-stamp
  messages", timestamping_failed) until a time-stamp succeeds again (TSA-005). With
  timestamp-immediately every message is stamped before it is answered and a TSA failure fails the
  exchange (TSA-004). The global configuration must be valid for stamping (TSA-006).

  @req:TSA-005 @sut-client @cap:soap
  Scenario: With the TSA down, messages keep flowing within the acceptable failure period
    Given the TSA is down
    When the client IS sends 1 SOAP request for "getRandom" through the SUT
    Then the client IS receives a successful SOAP response

  @req:TSA-005 @sut-client @cap:soap
  Scenario: With no time-stamping authority in the global configuration the SUT refuses messages
    Given the global configuration lists no time-stamping authority
    When the client IS sends 1 SOAP request for "getRandom" through the SUT
    Then the client IS receives a "server.clientproxy" fault for "timestamping_failed"
    And the SOAP fault string mentions "Cannot time-stamp messages"

  @req:TSA-005 @sut-client @cap:soap @embedded-only
  Scenario: After the acceptable failure period the SUT refuses messages, and accepts them again once stamping works
    Given the SUT is configured to refuse messages after 1 second of failed time-stamping
    And the TSA is down
    When the client IS sends 1 SOAP request for "getRandom" through the SUT
    Then the client IS receives a successful SOAP response
    When the SUT's time-stamper has run after 2 seconds
    And the client IS sends 1 SOAP request for "getRandom" through the SUT
    Then the client IS receives a "server.clientproxy" fault for "timestamping_failed"
    And the SOAP fault string mentions "Cannot time-stamp messages"
    When the TSA is back
    And the SUT's time-stamper has caught up
    And the client IS sends 1 SOAP request for "getRandom" through the SUT
    Then the client IS receives a successful SOAP response

  @req:TSA-004 @sut-client @cap:soap @cap:timestamp-immediately @embedded-only
  Scenario: With timestamp-immediately every message is time-stamped before the client gets its answer
    Given the SUT is configured to time-stamp every message immediately
    When the client IS sends 1 SOAP request for "getRandom" through the SUT
    Then the client IS receives a successful SOAP response
    And every record of those exchanges was time-stamped before the answer reached the client

  @req:TSA-004 @sut-client @cap:soap @cap:timestamp-immediately @embedded-only
  Scenario: With timestamp-immediately a TSA failure fails the exchange
    Given the SUT is configured to time-stamp every message immediately
    And the TSA is down
    When the client IS sends 1 SOAP request for "getRandom" through the SUT
    Then the client IS receives a "server.clientproxy" fault for "timestamping_failed"

  @req:TSA-006 @sut-client @cap:soap @embedded-only
  Scenario: With its global configuration expired the SUT does not time-stamp
    Given the TSA is down
    When the client IS sends 1 SOAP request for "getRandom" through the SUT
    Given the approved TSA is reached through a recorder
    And the SUT's global configuration has expired
    When the TSA is back
    And the SUT's time-stamper runs
    Then the SUT's time-stamping run failed with "global_conf_outdated"
    And no record of those exchanges is time-stamped
    And the TSA received no time-stamp request after the configuration expired
