Feature: The SUT verifies the signature of the response before its client sees it
  A consumer SS accepts a response only when its signature is by a signing certificate whose
  subject names the provider's member and whose embedded OCSP response is fresh and good
  (SIG-002, SIG-010, OCSP-007). A stand-in provider server answers with a response the harness
  signs itself.

  @req:SIG-001 @req:SIG-010 @sut-client @cap:soap
  Scenario: A response signed correctly by the provider's member reaches the client
    Given the provider's security server is a stand-in that answers with a response signed correctly by the provider's member
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

  @req:SIG-002 @sut-client @cap:soap
  Scenario: A response signed with a certificate of another member is refused
    Given the provider's security server is a stand-in that answers with a response signed with a certificate of the SUT's member
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.clientproxy" fault for "incorrect_certificate"
    And the SOAP fault string mentions "does not match name in message"
    And the client IS answer does not contain the provider's response

  @req:SIG-010 @sut-client @cap:soap
  Scenario: A response signed with the provider server's authentication certificate is refused
    Given the provider's security server is a stand-in that answers with a response signed with the provider's authentication certificate
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code starts with "server.clientproxy"
    And the SOAP fault string mentions "is not a signing certificate"
    And the client IS answer does not contain the provider's response

  @req:OCSP-007 @req:SIG-005 @sut-client @cap:soap
  Scenario: A response whose signature embeds a stale OCSP response is refused
    Given the provider's security server is a stand-in that answers with a response signed with a stale OCSP response in the signature
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.clientproxy" fault for "incorrect_validation_info"
    And the client IS answer does not contain the provider's response
