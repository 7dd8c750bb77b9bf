Feature: The SUT keeps fresh OCSP responses for its own certificates
  The security server asks the approved CA's OCSP responder about its own authentication and
  signing certificates — HTTP POST, an unsigned request without nonce, a SHA-1 CertID — refreshes
  them at the published fetch interval, accepts only a good, fresh, properly signed answer, and
  once it has no fresh good response it can neither sign nor authenticate (OCSP-001..006, 008).
  Short ocspFreshnessSeconds are published for the ageing scenarios so they take seconds.

  @req:OCSP-001 @sut-client @cap:soap
  Scenario: The SUT asks the approved CA's responder about its certificates the way X-Road's OCSP client does
    Given the approved CA's OCSP responder is reached through a recorder
    And the global configuration sets the SUT's OCSP fetch interval to 1 second
    When the client IS keeps sending SOAP requests for "getRandom" until the SUT has asked about its signing certificate
    Then the SUT asked the recorded responder about its signing certificate the way X-Road's OCSP client does

  @req:OCSP-006 @sut-client @cap:soap
  Scenario: The SUT refreshes its OCSP responses at the fetch interval, not for every message
    Given the approved CA's OCSP responder is reached through a recorder
    And the global configuration sets the SUT's OCSP fetch interval to 1 second
    When the client IS keeps sending SOAP requests for "getRandom" for 3 seconds
    Then the SUT asked the responder about its signing certificate between 1 and 5 times

  @req:OCSP-003 @req:OCSP-008 @sut-client @cap:soap
  Scenario: Once its OCSP responses are older than ocspFreshnessSeconds the SUT stops signing, and resumes with fresh ones
    Given the global configuration sets ocspFreshnessSeconds to 2
    And the OCSP responder answers for the SUT's certificates with good with a thisUpdate 30 seconds old
    When the SUT's cached OCSP responses have aged past the freshness limit
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code starts with "server.clientproxy"
    And the SOAP fault string mentions "too old"
    When the OCSP responder answers normally again
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

  @req:OCSP-005 @sut-client @cap:soap
  Scenario Outline: The SUT does not sign with a certificate whose OCSP status is <status>
    Given the global configuration sets ocspFreshnessSeconds to 2
    And the OCSP responder answers for the SUT's certificates with the status <status>
    When the SUT's cached OCSP responses have aged past the freshness limit
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code starts with "server.clientproxy"
    And the SOAP fault string mentions "<status>"

    Examples:
      | status  |
      | revoked |
      | unknown |

  @req:OCSP-004 @sut-client @cap:soap
  Scenario: The SUT refuses its own OCSP response whose nextUpdate has passed
    Given the global configuration sets ocspFreshnessSeconds to 2
    And the OCSP responder answers for the SUT's certificates with good with a nextUpdate in the past
    When the SUT's cached OCSP responses have aged past the freshness limit
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code starts with "server.clientproxy"
    And the SOAP fault string mentions "nextUpdate"

  @req:OCSP-002 @sut-client @cap:soap
  Scenario: The SUT refuses its own OCSP response signed by a responder the CA never authorised
    Given the global configuration sets ocspFreshnessSeconds to 2
    And the OCSP responder answers for the SUT's certificates with good, signed by a responder the CA never authorised
    When the SUT's cached OCSP responses have aged past the freshness limit
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code starts with "server.clientproxy"
    And the SOAP fault string mentions "not authorized"

  @req:OCSP-008 @sut-client @cap:soap
  Scenario: While its cached responses are fresh the SUT keeps working with the OCSP responder down
    Given the SUT has just served a SOAP request for "getRandom"
    And the OCSP responder is down
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

  @req:OCSP-008 @sut-client @cap:soap
  Scenario: With the OCSP responder down and its responses aged, the SUT can no longer sign
    Given the global configuration sets ocspFreshnessSeconds to 2
    And the OCSP responder is down
    When the SUT's cached OCSP responses have aged past the freshness limit
    And the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code starts with "server.clientproxy"
    And the SOAP fault string mentions "OCSP"
