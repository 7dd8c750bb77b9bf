Feature: The SUT follows a rotation of the configuration signing key
  A new signing key is first announced in shared-params (source/internalVerificationCert) while
  the old key still signs; the SUT must then accept directories signed with the new key
  (GCONF-009). A key that was never announced must not be trusted (GCONF-004). Which copy the
  SUT holds shows from outside through the maintenance mode published with it.

  @req:GCONF-009 @sut-client @cap:soap
  Scenario: After the announcement, directories signed with the new key are accepted
    Given the central server announces a new configuration signing key
    When the central server switches to signing with the new key
    And the central server publishes the peer security server in maintenance mode with the message "signed with the rotated key"
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code ends with "maintenance_mode"
    And the SOAP fault string mentions "signed with the rotated key"

  @req:GCONF-009 @req:GCONF-004 @sut-client @cap:soap
  Scenario: A directory signed with a key that was never announced is refused
    When the central server switches to signing with the new key without announcing it
    And the central server publishes the peer security server in maintenance mode with the message "unannounced key"
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
