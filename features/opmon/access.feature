Feature: Who may see which operational records
  The SUT's owner (asking with the securityServer header) and the central monitoring client named
  in the MONITORING part see every record; any other client sees only the exchanges it was the
  client of, and never the private fields (OPMON-004, GCONF-013). Environmental metrics are for the
  owner only (OPMON-007).

  @req:OPMON-004 @sut-client @cap:opmon @cap:soap
  Scenario: Another client does not see an exchange it took no part in; the owner does
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the SUT's owner finds that exchange in the SUT's operational data
    Then the record of that exchange says:
      | securityServerType | Client |
    When the peer's client asks the SUT for its operational data from "now-600" to "now+60"
    Then the operational data holds no record of that exchange
    And no record carries the field "securityServerInternalIp"

  @req:OPMON-004 @sut-provider @cap:opmon @cap:soap
  Scenario: The owner sees the private fields of the records
    When the client IS sends a SOAP request for "getRandom"
    And the SUT's owner finds that exchange in the SUT's operational data
    Then the record of that exchange carries the field "securityServerInternalIp"

  @req:OPMON-004 @req:GCONF-013 @sut-client @cap:opmon @cap:soap
  Scenario: The central monitoring client of the MONITORING part sees every record
    Given the central server publishes the MONITORING part naming the peer's client as monitoring client
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the peer's client finds that exchange in the SUT's operational data
    Then the record of that exchange says:
      | securityServerType | Client |

  @req:OPMON-007 @req:OPMON-001 @sut-provider @cap:opmon
  Scenario: The owner gets the SUT's environmental metrics
    When the SUT's owner asks the SUT for its metrics
    Then the metrics answer is a metricSet named after the SUT with its proxyVersion

  @req:OPMON-007 @req:OPMON-004 @sut-provider @cap:opmon
  Scenario: Another client is refused the environmental metrics
    When the peer's client asks the SUT for its metrics
    Then the client IS receives a SOAP fault whose code ends with "access_denied"
