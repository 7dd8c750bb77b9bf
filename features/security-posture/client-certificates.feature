Feature: The SS-to-SS port refuses certificates outside their validity period
  The transport suite covers consumers showing an unregistered, revoked or foreign-CA certificate.
  A security team also tries certificates of the approved CA, registered for the consumer's server
  with a good OCSP response, that have expired or are not valid yet: the SUT must refuse them
  before its provider IS is called (TRANSP-010, TRANSP-002 (a)-(c)). The control shows that the
  same harness consumer with the peer's own certificate is served.

  @req:TRANSP-010 @sut-provider @cap:soap
  Scenario: The harness consumer with the peer's own auth certificate is served (control)
    When the harness consumer presents the peer's own auth certificate with a correct request for "getRandom"
    Then the harness consumer gets a successful SOAP response

  @req:TRANSP-010 @req:TRANSP-017 @sut-provider @cap:soap
  Scenario Outline: A registered auth certificate that is <flaw> is refused
    Given the peer security server has a registered auth certificate that is <flaw>
    When the harness consumer presents that certificate with a correct request for "getRandom"
    Then the harness consumer gets a fault whose code starts with "server.serverproxy.ssl_authentication_failed"
    And the provider IS received no request

    Examples:
      | flaw          |
      | expired       |
      | not yet valid |
