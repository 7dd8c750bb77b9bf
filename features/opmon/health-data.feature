Feature: Health data summarises each service's recent exchanges
  getSecurityServerHealthData answers the monitoring start-up time, the statistics period and, per
  service, the last successful request and the request counts of the last period (OPMON-005).

  @req:OPMON-005 @req:OPMON-001 @sut-provider @cap:opmon @cap:health @cap:soap
  Scenario: After a successful exchange its service has a successful request in the last period
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the SUT's owner asks the SUT for its health data
    Then the health data gives the start-up time, the statistics period and at least 1 successful request of "getRandom"
