Feature: The SUT reads the private parameters and the optional parts it needs
  Private parameters carry the time-stamping interval (GCONF-010); the MONITORING part names the
  central monitoring client (GCONF-013), which may read every operational record.

  @req:GCONF-010 @sut-client @embedded-only
  Scenario: The SUT follows the time-stamping interval of the private parameters
    Given the central server publishes a time-stamping interval of 2 seconds
    Then the SUT's configuration client gives a time-stamping interval of 2 seconds

  @req:GCONF-013 @req:GCONF-006 @sut-client
  Scenario: The SUT downloads the MONITORING part when the configuration lists it
    When the central server publishes the MONITORING part naming the peer's client as monitoring client
    Then the configuration clients fetched "monitoring-params.xml" from a location the current directory lists
