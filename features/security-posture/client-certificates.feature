Feature: The SS-to-SS port refuses client certificates that are not good ones
  A security team tries certificates of the approved CA for the consumer's server that have
  expired, are not valid yet, are revoked (the OCSP response sent with the request says so), or
  were never registered in the configuration: the SUT must refuse each before its provider IS is
  called (TRANSP-010; TRANSP-002 (a)-(d) for the same checks in the other direction). The control
  shows that the same harness consumer with the peer's own certificate is served.

  @req:TRANSP-010 @sut-provider @cap:soap
  Scenario: The harness consumer with the peer's own auth certificate is served (control)
    When the harness consumer presents the peer's own auth certificate with a correct request for "getRandom"
    Then the harness consumer gets a successful SOAP response

  @req:TRANSP-010 @req:TRANSP-017 @sut-provider @cap:soap
  Scenario Outline: An auth certificate that is <flaw> is refused
    Given the peer security server has an auth certificate of the approved CA that is <flaw>
    When the harness consumer presents that certificate with a correct request for "getRandom"
    Then the harness consumer gets a fault whose code starts with "server.serverproxy.ssl_authentication_failed"
    And the provider IS received no request

    Examples:
      | flaw          |
      | expired       |
      | not yet valid |
      | revoked       |
      | unregistered  |
